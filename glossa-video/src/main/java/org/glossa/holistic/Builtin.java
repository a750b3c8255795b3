package org.glossa.holistic;

import java.util.Map;

/** The TFLite builtin operator codes the converter knows (values of the schema's BuiltinOperator enum). */
final class Builtin {

  static final int ADD = 0;
  static final int AVERAGE_POOL_2D = 1;
  static final int CONCATENATION = 2;
  static final int CONV_2D = 3;
  static final int DEPTHWISE_CONV_2D = 4;
  static final int DEPTH_TO_SPACE = 5;
  static final int DEQUANTIZE = 6;
  static final int FULLY_CONNECTED = 9;
  static final int LOGISTIC = 14;
  static final int MAX_POOL_2D = 17;
  static final int MUL = 18;
  static final int RELU = 19;
  static final int RELU6 = 21;
  static final int RESHAPE = 22;
  static final int RESIZE_BILINEAR = 23;
  static final int TANH = 28;
  static final int CUSTOM = 32;
  static final int PAD = 34;
  static final int MEAN = 40;
  static final int SUB = 41;
  static final int DIV = 42;
  static final int STRIDED_SLICE = 45;
  static final int PRELU = 54;
  static final int HARD_SWISH = 117;
  static final int DENSIFY = 124;

  private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(ADD, "ADD"),
      Map.entry(AVERAGE_POOL_2D, "AVERAGE_POOL_2D"), Map.entry(CONCATENATION, "CONCATENATION"),
      Map.entry(CONV_2D, "CONV_2D"), Map.entry(DEPTHWISE_CONV_2D, "DEPTHWISE_CONV_2D"),
      Map.entry(DEPTH_TO_SPACE, "DEPTH_TO_SPACE"), Map.entry(DEQUANTIZE, "DEQUANTIZE"),
      Map.entry(FULLY_CONNECTED, "FULLY_CONNECTED"), Map.entry(LOGISTIC, "LOGISTIC"),
      Map.entry(MAX_POOL_2D, "MAX_POOL_2D"), Map.entry(MUL, "MUL"), Map.entry(RELU, "RELU"),
      Map.entry(RELU6, "RELU6"), Map.entry(RESHAPE, "RESHAPE"), Map.entry(RESIZE_BILINEAR, "RESIZE_BILINEAR"),
      Map.entry(TANH, "TANH"), Map.entry(CUSTOM, "CUSTOM"), Map.entry(PAD, "PAD"), Map.entry(MEAN, "MEAN"),
      Map.entry(SUB, "SUB"), Map.entry(DIV, "DIV"), Map.entry(STRIDED_SLICE, "STRIDED_SLICE"),
      Map.entry(PRELU, "PRELU"), Map.entry(HARD_SWISH, "HARD_SWISH"), Map.entry(DENSIFY, "DENSIFY"));

  private Builtin() {}

  static String name(int code) {
    return NAMES.getOrDefault(code, "builtin operator " + code);
  }
}
