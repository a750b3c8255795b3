/** Writing ONNX graphs from parameters the JVM holds ({@link org.glossa.onnx.OnnxGraph}). */
package org.glossa.onnx;
