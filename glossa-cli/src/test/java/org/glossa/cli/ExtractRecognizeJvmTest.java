package org.glossa.cli;

/** The extraction and recognition tests with the landmark engine in the JVM (the default). */
class ExtractRecognizeJvmTest extends ExtractRecognizeTest {

  @Override
  String engine() {
    return "jvm";
  }
}
