/** Training: the CTC loss, optimizer, schedule, checkpoints and the training loop. */
package org.glossa.train;
