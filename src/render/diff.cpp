#include "render/diff.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace kubemcp::render {

namespace {

std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  std::string_view rest(text);
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return lines;
}

enum class Op { keep, remove, add };
struct Edit {
  Op op;
  std::size_t a;  // index in `from` (keep, remove)
  std::size_t b;  // index in `to` (keep, add)
};

// Myers' greedy forward search; the trace of each round's frontier is kept to walk back the
// path. Returns false when the distance exceeds `limit` (the caller then falls back).
bool myers(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
           std::size_t limit, std::vector<Edit>& out) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max = std::min<long>(n + m, static_cast<long>(limit));
  const long offset = max + 1;
  std::vector<long> v(2 * static_cast<std::size_t>(max) + 3, 0);
  std::vector<std::vector<long>> trace;
  for (long d = 0; d <= max; ++d) {
    // Only the frontier this round reads (k in [-d-1, d+1]) is kept: O(D²) memory in all.
    trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]))
                   ? v[k + 1 + offset]
                   : v[k - 1 + offset] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[k + offset] = x;
      if (x >= n && y >= m) {
        // Walk back through the trace to recover the edits, then reverse them.
        std::vector<Edit> rev;
        long cx = n, cy = m;
        for (long dd = d; dd > 0; --dd) {
          const auto& pv = trace[static_cast<std::size_t>(dd)];
          const auto at = [&](long k) { return pv[static_cast<std::size_t>(k + dd + 1)]; };
          const long ck = cx - cy;
          const bool down = ck == -dd || (ck != dd && at(ck - 1) < at(ck + 1));
          const long pk = down ? ck + 1 : ck - 1;
          const long px = at(pk), py = px - pk;
          while (cx > px + (down ? 0 : 1) && cy > py + (down ? 1 : 0))
            rev.push_back(
                {Op::keep, static_cast<std::size_t>(--cx), static_cast<std::size_t>(--cy)});
          if (down)
            rev.push_back({Op::add, static_cast<std::size_t>(px), static_cast<std::size_t>(--cy)});
          else
            rev.push_back(
                {Op::remove, static_cast<std::size_t>(--cx), static_cast<std::size_t>(py)});
        }
        while (cx > 0 && cy > 0)
          rev.push_back({Op::keep, static_cast<std::size_t>(--cx), static_cast<std::size_t>(--cy)});
        out.assign(rev.rbegin(), rev.rend());
        return true;
      }
    }
  }
  return false;
}

// Every line of `a` removed, then every line of `b` added (the fallback past the limit).
std::vector<Edit> replace_all(std::size_t n, std::size_t m) {
  std::vector<Edit> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back({Op::remove, i, 0});
  for (std::size_t j = 0; j < m; ++j) out.push_back({Op::add, n, j});
  return out;
}

std::string range(std::size_t start, std::size_t count) {
  // diff -u: a range of no lines names the line before it.
  const std::size_t first = count == 0 ? start : start + 1;
  return std::to_string(first) + (count == 1 ? "" : "," + std::to_string(count));
}

}  // namespace

std::string unified_diff(const std::string& from, const std::string& to,
                         const std::string& from_label, const std::string& to_label,
                         const DiffOptions& options) {
  const auto a = split_lines(from), b = split_lines(to);
  if (a == b) return "";
  // Common head and tail are cheap to take off before the search.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
    ++tail;
  const std::vector<std::string_view> ma(a.begin() + head, a.end() - tail),
      mb(b.begin() + head, b.end() - tail);
  std::vector<Edit> middle;
  if (!myers(ma, mb, options.max_edit_distance, middle)) middle = replace_all(ma.size(), mb.size());
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < head; ++i) edits.push_back({Op::keep, i, i});
  for (const auto& e : middle) edits.push_back({e.op, e.a + head, e.b + head});
  for (std::size_t i = 0; i < tail; ++i)
    edits.push_back({Op::keep, a.size() - tail + i, b.size() - tail + i});

  std::string out = "--- " + from_label + "\n+++ " + to_label + "\n";
  const std::size_t ctx = options.context;
  std::size_t i = 0;
  while (i < edits.size()) {
    // Find the next change, then extend the hunk while changes are within 2*ctx of each other.
    while (i < edits.size() && edits[i].op == Op::keep) ++i;
    if (i == edits.size()) break;
    std::size_t start = i >= ctx ? i - ctx : 0;
    std::size_t end = i;
    while (end < edits.size()) {
      if (edits[end].op != Op::keep) {
        ++end;
        continue;
      }
      std::size_t run = end;
      while (run < edits.size() && edits[run].op == Op::keep) ++run;
      if (run == edits.size() || run - end > 2 * ctx) {
        end = std::min(run, end + ctx);
        break;
      }
      end = run;
    }
    std::size_t a_start = edits[start].a, b_start = edits[start].b, a_count = 0, b_count = 0;
    std::string body;
    for (std::size_t k = start; k < end; ++k) {
      const auto& e = edits[k];
      if (e.op == Op::keep) {
        body += " " + std::string(a[e.a]) + "\n";
        ++a_count, ++b_count;
      } else if (e.op == Op::remove) {
        body += "-" + std::string(a[e.a]) + "\n";
        ++a_count;
      } else {
        body += "+" + std::string(b[e.b]) + "\n";
        ++b_count;
      }
    }
    out += "@@ -" + range(a_start, a_count) + " +" + range(b_start, b_count) + " @@\n" + body;
    i = end;
  }
  return out;
}

}  // namespace kubemcp::render
