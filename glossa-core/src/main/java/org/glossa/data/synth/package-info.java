/** The synthetic signer, the embedded default dataset: lexicon, grammar, signers and landmark rendering. */
package org.glossa.data.synth;
