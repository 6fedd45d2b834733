#include "fileio/safe_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

namespace edgebench::fileio {
namespace {

namespace fs = std::filesystem;

// As the kernel's own limit on nested links (ELOOP).
constexpr int kMaxLinkHops = 40;

Status CannotWrite(const std::string& path, const std::string& why) {
  return Status::Error(path + ": cannot write: " + why);
}

// Where the bytes must land: the end of any chain of symbolic links (a
// dangling link's target is created), so the link itself is kept.
Result<fs::path> FollowLinks(const std::string& path) {
  fs::path current = path;
  for (int hop = 0; hop < kMaxLinkHops; ++hop) {
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return current;
    std::error_code error;
    const fs::path target = fs::read_symlink(current, error);
    if (error) return CannotWrite(path, error.message());
    current = target.is_absolute() ? target : current.parent_path() / target;
  }
  return CannotWrite(path, "too many levels of symbolic links");
}

fs::path FolderOf(const fs::path& file) {
  return file.has_parent_path() ? file.parent_path() : fs::path(".");
}

// 0 when every byte was written, else the errno.
int WriteAll(int fd, std::span<const uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    done += static_cast<size_t>(n);
  }
  return 0;
}

// The descriptor (standard output or error) open on the same file as
// `info`: /dev/stdout, or the file the shell redirected standard output to.
// Reopening that file would write from its start, over what was printed,
// and renaming over it would detach it from the stream.
std::optional<int> StandardStreamOn(const struct stat& info) {
  for (int fd : {STDOUT_FILENO, STDERR_FILENO}) {
    struct stat stream {};
    if (::fstat(fd, &stream) == 0 && stream.st_dev == info.st_dev && stream.st_ino == info.st_ino) {
      return fd;
    }
  }
  return std::nullopt;
}

// Devices, FIFOs and terminals are written in place: there is nothing to
// rename over them. This process's own buffered output goes first, so that
// `--json /dev/stdout` lands after what was already printed.
Status WriteInPlace(const std::string& path, const fs::path& target,
                    std::span<const uint8_t> bytes) {
  std::fflush(nullptr);
  const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return CannotWrite(path, std::strerror(errno));
  int error = WriteAll(fd, bytes);
  if (::close(fd) != 0 && error == 0) error = errno;
  return error == 0 ? Status::Ok() : CannotWrite(path, std::strerror(error));
}

// A fresh file next to `target`, created exclusively (never one that another
// process, or a link planted by someone else, already has).
Result<std::pair<int, fs::path>> CreateTemporary(const std::string& path, const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  const fs::path folder = FolderOf(target);
  for (;;) {
    const fs::path temp = folder / ("." + target.filename().string() + ".tmp." +
                                    std::to_string(::getpid()) + "." + std::to_string(counter++));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return std::pair{fd, temp};
    if (errno == EEXIST) continue;
    if (errno == ENOENT) return CannotWrite(path, "no folder " + folder.string());
    return CannotWrite(path, std::strerror(errno));
  }
}

Status ReplaceRegularFile(const std::string& path, const fs::path& target,
                          std::span<const uint8_t> bytes, std::optional<mode_t> old_mode) {
  EB_ASSIGN_OR_RETURN(const auto created, CreateTemporary(path, target));
  const auto& [fd, temp] = created;
  // The replacement keeps the permissions the user gave the old file.
  if (old_mode) (void)::fchmod(fd, *old_mode & 07777);
  int error = WriteAll(fd, bytes);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temp.c_str(), target.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp.c_str());
    return CannotWrite(path, std::strerror(error));
  }
  return Status::Ok();
}

}  // namespace

Status WriteFileSafely(const std::string& path, std::span<const uint8_t> bytes) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (const std::optional<int> fd = StandardStreamOn(info)) {
      std::fflush(nullptr);  // what was printed comes first
      const int error = WriteAll(*fd, bytes);
      return error == 0 ? Status::Ok() : CannotWrite(path, std::strerror(error));
    }
  }
  EB_ASSIGN_OR_RETURN(const fs::path target, FollowLinks(path));
  if (::stat(target.c_str(), &info) != 0) {
    return ReplaceRegularFile(path, target, bytes, std::nullopt);
  }
  if (S_ISDIR(info.st_mode)) return CannotWrite(path, "is a folder");
  if (!S_ISREG(info.st_mode)) return WriteInPlace(path, target, bytes);
  return ReplaceRegularFile(path, target, bytes, info.st_mode);
}

Status WriteFileSafely(const std::string& path, std::string_view text) {
  return WriteFileSafely(path,
                         std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Status CheckOutputPath(const std::string& path) {
  EB_ASSIGN_OR_RETURN(const fs::path target, FollowLinks(path));
  std::error_code error;
  if (fs::is_directory(target, error)) return CannotWrite(path, "is a folder");
  const fs::path folder = FolderOf(target);
  if (!fs::is_directory(folder, error)) return CannotWrite(path, "no folder " + folder.string());
  const bool written_in_place = fs::exists(target, error) && !fs::is_regular_file(target, error);
  if (!written_in_place && ::access(folder.c_str(), W_OK) != 0) {
    return CannotWrite(path, "folder " + folder.string() + " is not writable");
  }
  return Status::Ok();
}

Status CheckNotInput(const std::string& path, const std::string& input) {
  std::error_code error;
  if (fs::equivalent(path, input, error)) return CannotWrite(path, "it is the input " + input);
  return Status::Ok();
}

bool ReplacesFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && StandardStreamOn(info)) return false;
  const Result<fs::path> target = FollowLinks(path);
  if (!target.ok() || ::stat(target->c_str(), &info) != 0) return true;
  return S_ISREG(info.st_mode);
}

}  // namespace edgebench::fileio
