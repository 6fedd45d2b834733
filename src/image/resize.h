// Resizing RGB images to a model's input size.
//
// Two filters, chosen for what they do to a large photo:
// - Bilinear with half-pixel centres: output pixel x samples the source at
//   (x + 0.5) * in_width / out_width - 0.5, clamped to the edge, i.e.
//   TensorFlow's resize_bilinear with half_pixel_centers=true (and
//   align_corners=false). Good for enlarging and for reductions up to 2x;
//   beyond that it reads only 4 source pixels per output pixel and aliases.
// - Area: each output pixel is the exact mean of the source rectangle it
//   covers, [x * in_w / out_w, (x + 1) * in_w / out_w) by the same in y,
//   partially covered source pixels weighted by their covered fraction.
//   Every source pixel counts, so large reductions (3888x2916 to 300x300)
//   do not alias.
// kAuto picks area when the reduction is more than 2x in either dimension,
// bilinear otherwise. Results are rounded to the nearest integer.
#pragma once

#include "graph/status.h"
#include "image/image.h"

namespace edgebench::image {

enum class ResizeMethod { kBilinear, kArea, kAuto };

const char* ResizeMethodName(ResizeMethod method);  // "bilinear", "area", "auto"

// kAuto resolved for this size change (kBilinear or kArea).
ResizeMethod ResolveResizeMethod(int in_width, int in_height, int out_width, int out_height,
                                 ResizeMethod method);

// Errors when the input is empty or the output size is not positive.
Result<Image> ResizeBilinear(const Image& input, int out_width, int out_height);
Result<Image> ResizeArea(const Image& input, int out_width, int out_height);
Result<Image> Resize(const Image& input, int out_width, int out_height, ResizeMethod method);

}  // namespace edgebench::image
