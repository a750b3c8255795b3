/** CTC decoding of frame logits: greedy, prefix beam search and a gloss n-gram language model. Plain Java. */
package org.glossa.decode;
