/**
 * MediaPipe Holistic in the JVM: its TFLite models ({@link org.glossa.holistic.HolisticModels}) converted to ONNX
 * graphs ({@code TfliteToOnnx}) for ONNX Runtime.
 */
package org.glossa.holistic;
