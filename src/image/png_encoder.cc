#include "image/png_encoder.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include "fileio/safe_write.h"

namespace edgebench::image {
namespace {

struct WriteState {
  std::vector<uint8_t>* out;
  char message[256] = {};
};

// libpng's default handler prints and longjmps; ours keeps the message for a
// one-line Status first.
void ErrorFn(png_structp png, png_const_charp message) {
  auto* state = static_cast<WriteState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof(state->message), "%s", message);
  png_longjmp(png, 1);
}

void WarningFn(png_structp, png_const_charp) {}

void AppendFn(png_structp png, png_bytep data, size_t length) {
  auto* state = static_cast<WriteState*>(png_get_io_ptr(png));
  state->out->insert(state->out->end(), data, data + length);
}

void FlushFn(png_structp) {}

struct PngWriter {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngWriter() { png_destroy_write_struct(&png, &info); }
};

// `fn` calls libpng and creates no objects with destructors, so the longjmp
// out of it skips nothing; the jump lands here and returns false.
template <typename Fn>
bool RunGuarded(png_structp png, Fn&& fn) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  fn();
  return true;
}

}  // namespace

Result<std::vector<uint8_t>> EncodePng(const Image& image, const std::string& name) {
  if (image.width <= 0 || image.height <= 0) {
    return Status::Error(name + ": cannot write an empty image as PNG");
  }
  if (image.pixels.size() != image.row_bytes() * static_cast<size_t>(image.height)) {
    return Status::Error(name + ": image of " + std::to_string(image.width) + "x" +
                         std::to_string(image.height) + " holds " +
                         std::to_string(image.pixels.size()) + " bytes, expected " +
                         std::to_string(image.row_bytes() * static_cast<size_t>(image.height)));
  }
  std::vector<uint8_t> out;
  WriteState state{&out};
  PngWriter writer;
  writer.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, &ErrorFn, &WarningFn);
  if (writer.png == nullptr) return Status::Error(name + ": cannot create PNG writer");
  writer.info = png_create_info_struct(writer.png);
  if (writer.info == nullptr) return Status::Error(name + ": cannot create PNG writer");
  png_structp png = writer.png;
  png_infop info = writer.info;

  std::vector<png_bytep> rows(static_cast<size_t>(image.height));
  for (int y = 0; y < image.height; ++y) {
    // libpng's API takes non-const rows but only reads them when writing.
    rows[static_cast<size_t>(y)] = const_cast<png_bytep>(image.row(y));
  }
  const bool ok = RunGuarded(png, [&] {
    png_set_write_fn(png, &state, &AppendFn, &FlushFn);
    png_set_IHDR(png, info, static_cast<png_uint_32>(image.width),
                 static_cast<png_uint_32>(image.height), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_rows(png, info, rows.data());
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
  });
  if (!ok) return Status::Error(name + ": PNG encoding failed: " + state.message);
  return out;
}

Status WritePngFile(const Image& image, const std::string& path) {
  EB_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, EncodePng(image, path));
  return fileio::WriteFileSafely(path, bytes);
}

}  // namespace edgebench::image
