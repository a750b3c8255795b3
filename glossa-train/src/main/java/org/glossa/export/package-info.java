/** Deployment: ONNX graphs written from our own parameters, INT8 quantization, ONNX Runtime inference. */
package org.glossa.export;
