/** Scoring: word error rate with S/D/I alignments, sclite-compatible scoring, evaluation reports. Plain Java. */
package org.glossa.eval;
