#include "image/png_decoder.h"

#include <fmt/format.h>
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

#include "image/file_bytes.h"

namespace edgebench::image {
namespace {

struct ReadState {
  const uint8_t* data;
  size_t size;
  size_t offset = 0;
  char message[256] = {};
};

// libpng's default error handler prints and longjmps; ours keeps the message
// for a one-line Status before jumping back to RunGuarded.
void ErrorFn(png_structp png, png_const_charp message) {
  auto* state = static_cast<ReadState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof(state->message), "%s", message);
  png_longjmp(png, 1);
}

// Warnings (e.g. a known-bad sRGB profile) do not affect the pixels we use.
void WarningFn(png_structp, png_const_charp) {}

void ReadFn(png_structp png, png_bytep out, size_t length) {
  auto* state = static_cast<ReadState*>(png_get_io_ptr(png));
  if (state->size - state->offset < length) png_error(png, "unexpected end of file (truncated)");
  std::memcpy(out, state->data + state->offset, length);
  state->offset += length;
}

// Same contract as the JPEG decoder's: `fn` calls libpng and holds no
// objects with destructors; the jump lands here and returns false.
template <typename Fn>
bool RunGuarded(png_structp png, Fn&& fn) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  fn();
  return true;
}

struct PngReader {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngReader() { png_destroy_read_struct(&png, &info, nullptr); }
};

// Asks libpng for 8-bit RGB whatever the file holds.
void RequestRgb8(png_structp png, png_infop info) {
  const int color_type = png_get_color_type(png, info);
  const int bit_depth = png_get_bit_depth(png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (bit_depth == 16) png_set_scale_16(png);
  if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) {
    png_set_gray_to_rgb(png);
  }
  // Unconditional: palette expansion also turns tRNS into an alpha channel,
  // and libpng strips alpha only from rows that have it.
  png_set_strip_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
}

// Deflate expands its input at most 1032 times (RFC 1951: a 258-byte match
// costs at least 2 bits), and the image data follows the header. A header
// claiming more rows than the rest of the file can possibly hold is refused
// before any pixel memory is allocated, instead of failing at the first
// missing row after allocating the whole image.
constexpr uint64_t kMaxDeflateRatio = 1032;

Status CheckDataCanHold(png_structp png, png_infop info, size_t bytes_left,
                        const std::string& name) {
  const uint64_t width = png_get_image_width(png, info);
  const uint64_t height = png_get_image_height(png, info);
  const uint64_t bits_per_pixel =
      uint64_t{png_get_channels(png, info)} * png_get_bit_depth(png, info);
  // Each stored row is one filter byte and the packed pixels.
  const uint64_t stored = height * (1 + (width * bits_per_pixel + 7) / 8);
  if (stored <= kMaxDeflateRatio * bytes_left) return Status::Ok();
  return Status::Error(fmt::format(
      "{}: PNG declares {}x{} ({} bytes of image data), more than the {} bytes left in the file "
      "can hold even fully compressed (truncated or corrupt)",
      name, width, height, stored, bytes_left));
}

}  // namespace

Result<Image> DecodePng(const uint8_t* data, size_t size, const std::string& name,
                        const DecodeOptions& options) {
  if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
    return Status::Error(name + ": not a PNG file (bad signature)");
  }
  ReadState state{data, size};
  PngReader reader;
  reader.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, &ErrorFn, &WarningFn);
  if (reader.png == nullptr) return Status::Error(name + ": cannot create PNG reader");
  reader.info = png_create_info_struct(reader.png);
  if (reader.info == nullptr) return Status::Error(name + ": cannot create PNG reader");
  png_structp png = reader.png;
  png_infop info = reader.info;
  auto error = [&] { return Status::Error(name + ": invalid PNG: " + state.message); };

  png_set_read_fn(png, &state, &ReadFn);
  if (!RunGuarded(png, [&] { png_read_info(png, info); })) return error();

  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  const int64_t declared = int64_t{width} * height;
  if (declared > options.max_pixels) {
    return Status::Error(name + ": PNG declares " + std::to_string(width) + "x" +
                         std::to_string(height) + " (" + std::to_string(declared) +
                         " pixels), above the limit of " + std::to_string(options.max_pixels));
  }
  EB_RETURN_IF_ERROR(CheckDataCanHold(png, info, size - state.offset, name));
  if (!RunGuarded(png, [&] { RequestRgb8(png, info); })) return error();
  if (png_get_channels(png, info) != 3 || png_get_bit_depth(png, info) != 8) {
    return Status::Error(name + ": PNG could not be converted to 8-bit RGB");
  }

  Image image(static_cast<int>(width), static_cast<int>(height));
  std::vector<png_bytep> rows(height);
  for (png_uint_32 y = 0; y < height; ++y) rows[y] = image.row(static_cast<int>(y));
  if (!RunGuarded(png, [&] {
        png_read_image(png, rows.data());
        png_read_end(png, nullptr);
      })) {
    return error();
  }
  return image;
}

Result<Image> DecodePngFile(const std::string& path, const DecodeOptions& options) {
  EB_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(path));
  if (bytes.empty()) return Status::Error(path + ": empty file");
  return DecodePng(bytes.data(), bytes.size(), path, options);
}

}  // namespace edgebench::image
