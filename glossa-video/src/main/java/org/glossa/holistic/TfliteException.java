package org.glossa.holistic;

/** A TFLite model that cannot be read or converted: what is wrong and where. */
public final class TfliteException extends RuntimeException {

  public TfliteException(String message) {
    super(message);
  }
}
