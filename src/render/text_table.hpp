#pragma once
// Plain-text tables in kubectl's style: upper-case headers, columns padded with
// three spaces, no borders. Cheap to read for people and for language models.
#include <string>
#include <vector>

namespace kubemcp::render {

class TextTable {
 public:
  // `gap`: spaces between columns (kubectl get uses 3, describe's tables 2).
  explicit TextTable(std::vector<std::string> headers, std::size_t gap = 3)
      : headers_(std::move(headers)), gap_(gap) {}

  void add_row(std::vector<std::string> cells);
  std::size_t rows() const { return rows_.size(); }

  // Columns are as wide as their widest cell (counted in UTF-8 code points).
  std::string str() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::size_t gap_;
};

}  // namespace kubemcp::render
