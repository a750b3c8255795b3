/**
 * The corpus pipeline on Apache Spark ({@link org.glossa.spark.CorpusJob}, started by
 * {@link org.glossa.spark.Main} under spark-submit): landmarks, features and recognition over many files.
 */
package org.glossa.spark;
