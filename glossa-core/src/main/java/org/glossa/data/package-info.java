/** Datasets, landmarks and features: NumPy and pose-format I\/O, enhanced landmark features, the feature pipeline, batching. */
package org.glossa.data;
