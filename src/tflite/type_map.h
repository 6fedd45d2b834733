// Conversions between the graph IR's enums and the .tflite schema's, shared
// by the reader and the writer so both agree on every code.
#pragma once

#include <optional>
#include <string>

#include "graph/op.h"
#include "graph/tensor.h"
#include "tflite/schema_generated.h"

namespace edgebench::tflite {

// The custom code TensorFlow Lite registers the SSD post-processing op under.
inline constexpr const char* kDetectionPostProcessCode = "TFLite_Detection_PostProcess";

// nullopt for types the engine does not support (FLOAT16, STRING, ...).
std::optional<graph::DataType> FromTensorType(fb::TensorType type);
fb::TensorType ToTensorType(graph::DataType type);

// nullopt for builtin ops the engine does not run (and for CUSTOM).
std::optional<graph::OpType> FromBuiltinOperator(fb::BuiltinOperator code);
// CUSTOM for kDetectionPostProcess.
fb::BuiltinOperator ToBuiltinOperator(graph::OpType type);

std::optional<graph::Activation> FromActivation(fb::ActivationFunctionType activation);
fb::ActivationFunctionType ToActivation(graph::Activation activation);

std::optional<graph::Padding> FromPadding(fb::Padding padding);
fb::Padding ToPadding(graph::Padding padding);

// "ADD, AVERAGE_POOL_2D, ..." in TensorFlow Lite spelling, sorted.
const std::string& SupportedOpsList();
// "FLOAT32, UINT8, ..." as the .tflite format spells them.
const std::string& SupportedTypesList();

// The schema's name for a builtin code, or "builtin code N" for codes newer
// than the schema.
std::string BuiltinOperatorName(int32_t code);
// The schema's name for a tensor type, or "type N".
std::string TensorTypeName(int8_t type);

}  // namespace edgebench::tflite
