#include "graph/op.h"

namespace edgebench::graph {

const char* OpTypeName(OpType type) {
  switch (type) {
    case OpType::kAdd: return "ADD";
    case OpType::kAveragePool2D: return "AVERAGE_POOL_2D";
    case OpType::kConcatenation: return "CONCATENATION";
    case OpType::kConv2D: return "CONV_2D";
    case OpType::kDepthwiseConv2D: return "DEPTHWISE_CONV_2D";
    case OpType::kDequantize: return "DEQUANTIZE";
    case OpType::kDetectionPostProcess: return "TFLite_Detection_PostProcess";
    case OpType::kFullyConnected: return "FULLY_CONNECTED";
    case OpType::kLogistic: return "LOGISTIC";
    case OpType::kMaxPool2D: return "MAX_POOL_2D";
    case OpType::kMean: return "MEAN";
    case OpType::kMul: return "MUL";
    case OpType::kPad: return "PAD";
    case OpType::kQuantize: return "QUANTIZE";
    case OpType::kRelu: return "RELU";
    case OpType::kRelu6: return "RELU6";
    case OpType::kReshape: return "RESHAPE";
    case OpType::kSoftmax: return "SOFTMAX";
    case OpType::kSqueeze: return "SQUEEZE";
  }
  return "UNKNOWN";
}

const char* ActivationName(Activation activation) {
  switch (activation) {
    case Activation::kNone: return "NONE";
    case Activation::kRelu: return "RELU";
    case Activation::kReluN1To1: return "RELU_N1_TO_1";
    case Activation::kRelu6: return "RELU6";
  }
  return "UNKNOWN";
}

}  // namespace edgebench::graph
