#include "image/jpeg_decoder.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <optional>
#include <vector>

// jpeglib.h needs FILE and size_t (from <cstdio>) declared before it.
// clang-format off
#include <jpeglib.h>
#include <jerror.h>
// clang-format on

#include "image/exif.h"
#include "image/file_bytes.h"

namespace edgebench::image {
namespace {

// libjpeg reports fatal errors through error_exit, whose default calls
// exit(). Ours records the message and longjmps back to RunGuarded.
struct JpegErrorManager {
  jpeg_error_mgr pub;  // first member: libjpeg sees a jpeg_error_mgr*
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
};

void ErrorExit(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<JpegErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

// Warnings that mean the pixels are damaged (a truncated file makes libjpeg
// insert a fake end-of-image and carry on with grey blocks) become errors;
// harmless ones (extraneous bytes between markers) are ignored.
void EmitMessage(j_common_ptr cinfo, int msg_level) {
  if (msg_level >= 0) return;  // trace messages
  switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE: ErrorExit(cinfo); break;
    default: ++cinfo->err->num_warnings; break;
  }
}

// Runs `fn` (which calls libjpeg) with the longjmp target set. Returns false
// if libjpeg reported an error. Rules that keep setjmp/longjmp sound in C++:
// `fn` and this frame hold no objects with destructors across libjpeg calls,
// and nothing modified inside is read here after the jump.
template <typename Fn>
bool RunGuarded(JpegErrorManager& err, Fn&& fn) {
  if (setjmp(err.jump) != 0) return false;
  fn();
  return true;
}

// Owns a jpeg_decompress_struct; destroys it however the decode ends.
struct Decompressor {
  jpeg_decompress_struct cinfo = {};
  JpegErrorManager err;
  bool created = false;

  Decompressor() {
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = &ErrorExit;
    err.pub.emit_message = &EmitMessage;
  }
  ~Decompressor() {
    if (created) jpeg_destroy_decompress(&cinfo);
  }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  Status Error(const std::string& name) const {
    return Status::Error(name + ": invalid JPEG: " + err.message);
  }
};

std::optional<Orientation> FindOrientation(const jpeg_decompress_struct& cinfo) {
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker != JPEG_APP0 + 1) continue;
    auto orientation = ParseExifOrientation(m->data, m->data_length);
    if (orientation) return orientation;
  }
  return std::nullopt;
}

Status ChooseOutputColorSpace(jpeg_decompress_struct& cinfo, const std::string& name) {
  switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB: cinfo.out_color_space = JCS_RGB; return Status::Ok();
    case JCS_CMYK:
    case JCS_YCCK: cinfo.out_color_space = JCS_CMYK; return Status::Ok();
    default:
      return Status::Error(name + ": unsupported JPEG color space (libjpeg J_COLOR_SPACE " +
                           std::to_string(static_cast<int>(cinfo.jpeg_color_space)) + ", " +
                           std::to_string(cinfo.num_components) + " components)");
  }
}

// One CMYK row to RGB. Adobe files store inverted ink values, so the stored
// byte is already "255 - ink" and R = C * K / 255 (likewise G from M, B from
// Y); plain CMYK stores ink amounts.
void CmykRowToRgb(const uint8_t* cmyk, int width, bool inverted, uint8_t* rgb) {
  for (int x = 0; x < width; ++x) {
    const uint8_t* p = cmyk + 4 * x;
    const int k = inverted ? p[3] : 255 - p[3];
    for (int c = 0; c < 3; ++c) {
      const int v = inverted ? p[c] : 255 - p[c];
      rgb[3 * x + c] = static_cast<uint8_t>((v * k + 127) / 255);
    }
  }
}

// Makes room for the rows before `end` only as they are decoded: a header
// claiming a huge image over a few bytes of data fails at its first missing
// row having allocated little, not the whole image. Capacity doubles, capped
// at the whole image, so a real photo costs a few reallocations.
void GrowToRows(Image& image, JDIMENSION end) {
  const size_t needed = image.row_bytes() * end;
  const size_t whole = image.row_bytes() * static_cast<size_t>(image.height);
  if (needed > image.pixels.capacity()) {
    image.pixels.reserve(std::min(whole, std::max(needed, 2 * image.pixels.capacity())));
  }
  image.pixels.resize(needed);
}

// `image` has its size set and no pixels yet; they are added as decoded.
Status ReadPixels(Decompressor& d, const std::string& name, Image& image) {
  jpeg_decompress_struct& cinfo = d.cinfo;
  if (cinfo.out_color_space == JCS_RGB) {
    const bool ok = RunGuarded(d.err, [&] {
      while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[8];
        const JDIMENSION first = cinfo.output_scanline;
        const JDIMENSION n = std::min<JDIMENSION>(8, cinfo.output_height - first);
        GrowToRows(image, first + n);
        for (JDIMENSION i = 0; i < n; ++i) rows[i] = image.row(static_cast<int>(first + i));
        jpeg_read_scanlines(&cinfo, rows, n);
      }
    });
    return ok ? Status::Ok() : d.Error(name);
  }
  std::vector<uint8_t> cmyk(static_cast<size_t>(cinfo.output_width) * 4);
  const bool inverted = cinfo.saw_Adobe_marker;
  const bool ok = RunGuarded(d.err, [&] {
    while (cinfo.output_scanline < cinfo.output_height) {
      JSAMPROW row = cmyk.data();
      const int y = static_cast<int>(cinfo.output_scanline);
      GrowToRows(image, cinfo.output_scanline + 1);
      jpeg_read_scanlines(&cinfo, &row, 1);
      CmykRowToRgb(cmyk.data(), image.width, inverted, image.row(y));
    }
  });
  return ok ? Status::Ok() : d.Error(name);
}

}  // namespace

int ChooseDctScaleDenominator(int width, int height, int target_width, int target_height) {
  if (target_width <= 0 || target_height <= 0) return 1;
  for (int d : {8, 4, 2}) {
    const int w = (width + d - 1) / d;
    const int h = (height + d - 1) / d;
    if (w >= target_width && h >= target_height) return d;
  }
  return 1;
}

Result<Image> DecodeJpeg(const uint8_t* data, size_t size, const std::string& name,
                         const DecodeOptions& options) {
  Decompressor d;
  jpeg_decompress_struct& cinfo = d.cinfo;
  if (!RunGuarded(d.err, [&] {
        jpeg_create_decompress(&cinfo);
        d.created = true;
        jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
        jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
        jpeg_read_header(&cinfo, TRUE);
      })) {
    return d.Error(name);
  }

  const int64_t declared = int64_t{cinfo.image_width} * cinfo.image_height;
  if (declared > options.max_pixels) {
    return Status::Error(name + ": JPEG declares " + std::to_string(cinfo.image_width) + "x" +
                         std::to_string(cinfo.image_height) + " (" + std::to_string(declared) +
                         " pixels), above the limit of " + std::to_string(options.max_pixels));
  }
  EB_RETURN_IF_ERROR(ChooseOutputColorSpace(cinfo, name));

  std::optional<Orientation> orientation;
  if (options.apply_exif_orientation) orientation = FindOrientation(cinfo);
  const bool swap = orientation && SwapsAxes(*orientation);
  // The target is in displayed orientation; the DCT scale applies to stored pixels.
  const int target_w = swap ? options.target_height : options.target_width;
  const int target_h = swap ? options.target_width : options.target_height;
  cinfo.scale_num = 1;
  cinfo.scale_denom = static_cast<unsigned int>(
      ChooseDctScaleDenominator(static_cast<int>(cinfo.image_width),
                                static_cast<int>(cinfo.image_height), target_w, target_h));

  if (!RunGuarded(d.err, [&] { jpeg_start_decompress(&cinfo); })) return d.Error(name);
  Image image;
  image.width = static_cast<int>(cinfo.output_width);
  image.height = static_cast<int>(cinfo.output_height);
  EB_RETURN_IF_ERROR(ReadPixels(d, name, image));
  if (!RunGuarded(d.err, [&] { jpeg_finish_decompress(&cinfo); })) return d.Error(name);

  if (orientation && *orientation != Orientation::kNormal) {
    return ApplyOrientation(image, *orientation);
  }
  return image;
}

Result<Image> DecodeJpegFile(const std::string& path, const DecodeOptions& options) {
  EB_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(path));
  if (bytes.empty()) return Status::Error(path + ": empty file");
  return DecodeJpeg(bytes.data(), bytes.size(), path, options);
}

}  // namespace edgebench::image
