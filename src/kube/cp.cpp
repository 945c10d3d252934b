#include "kube/cp.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "kube/exec.hpp"
#include "kube/fsutil.hpp"
#include "kube/tar_writer.hpp"

namespace kubemcp::kube {
namespace fs = std::filesystem;

namespace {

struct ArchiveReader {
  archive* a = archive_read_new();
  ~ArchiveReader() { archive_read_free(a); }
};
void add_path(TarWriter& tar, const fs::path& path, const std::string& name, CopyResult& stats) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) throw KubeError("cp: cannot read " + path.string());
  TarEntry entry;
  entry.name = name;
  entry.mode = static_cast<unsigned>(st.st_mode & 07777);
  entry.mtime = static_cast<std::int64_t>(st.st_mtime);
  if (S_ISDIR(st.st_mode)) {
    entry.type = TarEntry::Type::directory;
    tar.add(entry);
    ++stats.directories;
    std::vector<fs::directory_entry> children(fs::directory_iterator(path), {});
    std::sort(children.begin(), children.end());
    for (const auto& child : children)
      add_path(tar, child.path(), name + "/" + child.path().filename().string(), stats);
  } else if (S_ISREG(st.st_mode)) {
    auto data = read_file(path.string());
    if (!data) throw KubeError("cp: cannot read " + path.string());
    tar.add(entry, *data);
    ++stats.files;
    stats.bytes += data->size();
  } else if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    entry.type = TarEntry::Type::symlink;
    entry.link = fs::read_symlink(path, ec).string();
    tar.add(entry);
  } else {
    stats.skipped.push_back(name);
  }
}

std::string clean_remote(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

std::string base_name(const std::string& p) {
  const auto slash = p.find_last_of('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string dir_name(const std::string& p) {
  const auto slash = p.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : p.substr(0, slash);
}

// Whether any existing path from below `root` down to `dest` is a symbolic link: writing there
// would follow a link planted in the target tree (by an earlier copy or anyone) out of it.
bool through_link(const fs::path& root, const fs::path& dest) {
  fs::path at = root;
  auto it = dest.begin();
  for (auto r = root.begin(); r != root.end(); ++r) ++it;
  for (; it != dest.end(); ++it) {
    at /= *it;
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(at, ec))) return true;
  }
  return false;
}

bool safe_relative(const std::string& rel) {
  if (rel.empty()) return true;
  if (rel[0] == '/') return false;
  for (const auto& part : fs::path(rel))
    if (part == "..") return false;
  return true;
}

}  // namespace

std::string make_tar(const std::string& local_path, const std::string& archive_name,
                     CopyResult& stats) {
  std::string out;
  TarWriter tar(out);
  add_path(tar, fs::path(local_path), archive_name, stats);
  tar.finish();
  return out;
}

CopyResult extract_tar(const std::string& tar, const std::string& prefix_in,
                       const std::string& target) {
  CopyResult stats;
  std::string prefix = prefix_in;
  while (!prefix.empty() && prefix.front() == '/') prefix.erase(0, 1);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  ArchiveReader r;
  archive_read_support_format_tar(r.a);
  archive_read_support_format_gnutar(r.a);
  if (archive_read_open_memory(r.a, tar.data(), tar.size()) != ARCHIVE_OK)
    throw KubeError("cp: the pod sent something that is not a tar stream");
  const fs::path root = fs::absolute(target).lexically_normal();
  // Directory modes are set last, deepest first: a read-only directory still takes its files.
  std::vector<std::pair<fs::path, fs::perms>> dir_modes;
  archive_entry* e = nullptr;
  for (;;) {
    const int rc = archive_read_next_header(r.a, &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
      throw KubeError(std::string("cp: reading the tar stream failed: ") +
                      archive_error_string(r.a));
    std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    while (name.starts_with("./")) name.erase(0, 2);
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    while (!name.empty() && name.back() == '/') name.pop_back();
    std::string rel;
    if (prefix.empty()) {
      rel = name;
    } else if (name == prefix) {
      rel.clear();
    } else if (name.starts_with(prefix + "/")) {
      rel = name.substr(prefix.size() + 1);
    } else {
      stats.skipped.push_back(name);
      continue;
    }
    const fs::path dest = (rel.empty() ? root : root / rel).lexically_normal();
    const auto [mismatch, _] = std::mismatch(root.begin(), root.end(), dest.begin(), dest.end());
    if (!safe_relative(rel) || mismatch != root.end() || through_link(root, dest) ||
        archive_entry_hardlink(e) != nullptr) {
      stats.skipped.push_back(name);
      continue;
    }
    const auto type = archive_entry_filetype(e);
    std::error_code ec;
    if (type == AE_IFDIR) {
      fs::create_directories(dest, ec);
      if (ec) throw KubeError("cp: cannot create " + dest.string() + ": " + ec.message());
      dir_modes.emplace_back(dest, static_cast<fs::perms>(archive_entry_perm(e) & 0777));
      ++stats.directories;
    } else if (type == AE_IFREG) {
      fs::create_directories(dest.parent_path(), ec);
      std::ofstream out(dest, std::ios::binary | std::ios::trunc);
      if (!out) throw KubeError("cp: cannot write " + dest.string());
      const void* buf;
      size_t size;
      la_int64_t offset;
      int drc;
      while ((drc = archive_read_data_block(r.a, &buf, &size, &offset)) == ARCHIVE_OK) {
        out.write(static_cast<const char*>(buf), static_cast<std::streamsize>(size));
        stats.bytes += size;
      }
      if (drc != ARCHIVE_EOF) throw KubeError("cp: the tar stream is truncated");
      out.close();
      fs::permissions(dest, static_cast<fs::perms>(archive_entry_perm(e) & 0777), ec);
      ++stats.files;
    } else {
      stats.skipped.push_back(name);  // links, devices, fifos
    }
  }
  std::error_code ec;
  for (auto it = dir_modes.rbegin(); it != dir_modes.rend(); ++it)
    fs::permissions(it->first, it->second, ec);
  return stats;
}

CopyResult copy_to_pod(Client& c, std::string_view ns, std::string_view pod,
                       const std::string& local_path, const std::string& remote_path_in,
                       const CopyOptions& o, const net::CancelPtr& cancel) {
  if (!fs::exists(fs::symlink_status(local_path)))
    throw KubeError("cp: " + local_path + " does not exist");
  std::string remote = clean_remote(remote_path_in);
  if (remote.empty()) throw KubeError("cp: the destination path in the pod is empty");
  ExecOptions probe;
  probe.container = o.container;
  probe.command = {"test", "-d", remote};
  probe.timeout = std::chrono::seconds(30);
  const auto is_dir = exec(c, ns, pod, probe, cancel);
  std::string local_name = fs::path(local_path).lexically_normal().filename().string();
  if (local_name.empty() || local_name == ".")
    local_name = fs::absolute(local_path).lexically_normal().parent_path().filename().string();
  if (is_dir.exit_code == 0) remote = (remote == "/" ? "" : remote) + "/" + local_name;
  CopyResult stats;
  std::string tar = make_tar(local_path, base_name(remote), stats);
  if (tar.size() > o.max_bytes) throw KubeError("cp: the archive exceeds the size limit");
  ExecOptions x;
  x.container = o.container;
  x.command = {"tar", "-xmf", "-", "-C", dir_name(remote)};
  x.stdin_data = std::move(tar);
  x.timeout = o.timeout;
  const auto r = exec(c, ns, pod, x, cancel);
  if (r.timed_out) throw KubeError("cp: tar in the pod timed out");
  if (r.exit_code != 0)
    throw KubeError("cp: tar in the pod failed" + (r.stderr_data.empty()
                                                       ? (r.failure.empty() ? "" : ": " + r.failure)
                                                       : ": " + r.stderr_data));
  return stats;
}

CopyResult copy_from_pod(Client& c, std::string_view ns, std::string_view pod,
                         const std::string& remote_path_in, const std::string& local_path,
                         const CopyOptions& o, const net::CancelPtr& cancel) {
  const std::string remote = clean_remote(remote_path_in);
  if (remote.empty()) throw KubeError("cp: the source path in the pod is empty");
  ExecOptions x;
  x.container = o.container;
  x.command = {"tar", "cf", "-", remote};
  x.timeout = o.timeout;
  x.max_output = o.max_bytes;
  const auto r = exec(c, ns, pod, x, cancel);
  if (r.timed_out) throw KubeError("cp: tar in the pod timed out");
  if (r.truncated) throw KubeError("cp: the archive from the pod exceeds the size limit");
  if (r.exit_code != 0)
    throw KubeError("cp: tar in the pod failed" + (r.stderr_data.empty()
                                                       ? (r.failure.empty() ? "" : ": " + r.failure)
                                                       : ": " + r.stderr_data));
  fs::path target(local_path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) target /= base_name(remote == "/" ? "root" : remote);
  return extract_tar(r.stdout_data, remote, target.string());
}

}  // namespace kubemcp::kube
