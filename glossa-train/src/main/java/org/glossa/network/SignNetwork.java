package org.glossa.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glossa.model.BaselineSpec;
import org.glossa.model.ModelConfig;
import org.glossa.model.StudentSpec;
import org.glossa.model.TeacherSpec;

/**
 * A CSLR network (student, teacher or the plain baseline, see {@link ModelConfig}): features → frame logits.
 *
 * <p>Input NDList(features [B, T, F], lengths [B] float). Output NDList(logits [B, T', V], lengths' [B]) with
 * T' = ceil(ceil(T / 2) / 2) and V = glosses + blank. Padding frames never influence real ones.
 */
public final class SignNetwork extends AbstractBlock {

  private final ModelConfig config;
  private final ModalityEmbedding embedding;
  private final BatchNorm embedNorm;
  private final List<AbstractBlock> stages = new ArrayList<>();
  private final Dropout dropout;
  private final BiLstm lstm;
  private final Linear classifier;
  private final int bodyChannels;

  public SignNetwork(ModelConfig config) {
    TorchCpu.limitInstructionSet(); // before the first kernel runs
    this.config = config;
    if (config.baseline() == null) {
      int embedDim = config.student() != null ? config.student().embedDim() : config.teacher().embedDim();
      embedding = addChildBlock("embedding", new ModalityEmbedding(config.modalities(), embedDim));
      embedNorm = addChildBlock("embedding_bn", BatchNorm.builder().optAxis(1).build());
    } else { // the plain network convolves the features themselves
      embedding = null;
      embedNorm = null;
    }
    int channels;
    int lstmHidden;
    int lstmLayers;
    if (config.baseline() != null) {
      BaselineSpec b = config.baseline();
      for (int i = 0; i < BaselineSpec.CONVOLUTIONS; i++) {
        stages.add(addChildBlock("conv" + i, Stage.conv(b.convChannels(), b.kernel(), 1, ConvBn.Act.RELU)));
        stages.add(addChildBlock("pool" + i, Stage.maxPool()));
      }
      channels = b.convChannels();
      lstmHidden = b.lstmHidden();
      lstmLayers = b.lstmLayers();
    } else if (config.student() != null) {
      StudentSpec s = config.student();
      stages.add(addChildBlock("stem", Stage.conv(s.stemChannels(), 5, 2, ConvBn.Act.HARD_SWISH)));
      channels = s.stemChannels();
      for (int i = 0; i < s.blocks().size(); i++) {
        stages.add(addChildBlock("block" + i, new InvertedResidual(channels, s.blocks().get(i))));
        channels = s.blocks().get(i).outChannels();
      }
      stages.add(addChildBlock("head", Stage.conv(s.headChannels(), 1, 1, ConvBn.Act.HARD_SWISH)));
      channels = s.headChannels();
      lstmHidden = s.lstmHidden();
      lstmLayers = 1;
    } else {
      TeacherSpec t = config.teacher();
      stages.add(addChildBlock("stem", Stage.conv(t.stemChannels(), 5, 2, ConvBn.Act.RELU)));
      channels = t.stemChannels();
      for (int i = 0; i < t.blocks().size(); i++) {
        stages.add(addChildBlock("inception" + i, new InceptionBlock(t.blocks().get(i))));
        channels = t.blocks().get(i).outChannels();
        if (i == t.poolAfter()) {
          stages.add(addChildBlock("pool", Stage.maxPool()));
        }
      }
      lstmHidden = t.lstmHidden();
      lstmLayers = t.lstmLayers();
    }
    bodyChannels = channels;
    dropout = addChildBlock("dropout", Dropout.builder().optRate(config.dropout()).build());
    lstm = addChildBlock("bilstm", new BiLstm(lstmHidden, lstmLayers));
    classifier = addChildBlock("classifier", Linear.builder().setUnits(config.numClasses()).build());
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * The values the network for {@code config} holds (every parameter, BatchNorm statistics included), counted
   * from the config alone, without building or allocating anything: what a checkpoint's weights must hold for
   * it. By part, in network order; each key names the config entry that sizes the part, with its value (for
   * error messages). Exact arithmetic: a sum past {@code Long.MAX_VALUE} throws ArithmeticException, which
   * {@link ModelConfig}'s ranges rule out.
   */
  public static Map<String, Long> parameterValues(ModelConfig config) {
    Map<String, Long> parts = new LinkedHashMap<>();
    String spec = config.kind();
    if (config.baseline() != null) {
      BaselineSpec b = config.baseline();
      spec = "baseline";
      long in = BaselineSpec.paddedInputDim(config.inputDim());
      for (int i = 0; i < BaselineSpec.CONVOLUTIONS; i++) {
        parts.put(spec + ".conv_channels=" + b.convChannels() + ", kernel=" + b.kernel() + " (conv" + i + ")",
            convBn(in, b.convChannels(), b.kernel(), 1));
        in = b.convChannels();
      }
      return lstmAndClassifier(parts, config, spec, b.convChannels(), b.lstmHidden(), b.lstmLayers());
    }
    int embedDim = config.student() != null ? config.student().embedDim() : config.teacher().embedDim();
    long embedding = 0;
    int[] widths = ModalityEmbedding.widths(config.modalities(), embedDim);
    for (int m = 0; m < widths.length; m++) {
      embedding = Math.addExact(embedding, linear(config.modalities().get(m).dim(), widths[m]));
    }
    embedding = Math.addExact(embedding, batchNorm(embedDim));
    parts.put(spec + ".embed_dim=" + embedDim, embedding);
    int channels;
    int lstmHidden;
    int lstmLayers;
    if (config.student() != null) {
      StudentSpec s = config.student();
      parts.put(spec + ".stem_channels=" + s.stemChannels(), convBn(embedDim, s.stemChannels(), 5, 1));
      channels = s.stemChannels();
      for (int i = 0; i < s.blocks().size(); i++) {
        StudentSpec.Block b = s.blocks().get(i);
        int e = b.expandChannels();
        long block = e != channels ? convBn(channels, e, 1, 1) : 0;
        block = Math.addExact(block, convBn(e, e, b.kernel(), e));
        if (b.squeezeExcite()) {
          int reduced = Math.max(8, e / 4);
          block = Math.addExact(block, Math.addExact(linear(e, reduced), linear(reduced, e)));
        }
        block = Math.addExact(block, convBn(e, b.outChannels(), 1, 1));
        parts.put(spec + ".blocks[" + i + "]=" + b, block);
        channels = b.outChannels();
      }
      parts.put(spec + ".head_channels=" + s.headChannels(), convBn(channels, s.headChannels(), 1, 1));
      channels = s.headChannels();
      lstmHidden = s.lstmHidden();
      lstmLayers = 1;
    } else {
      TeacherSpec t = config.teacher();
      parts.put(spec + ".stem_channels=" + t.stemChannels(), convBn(embedDim, t.stemChannels(), 5, 1));
      channels = t.stemChannels();
      for (int i = 0; i < t.blocks().size(); i++) {
        TeacherSpec.Inception b = t.blocks().get(i);
        long block = convBn(channels, b.b1(), 1, 1);
        block = Math.addExact(block, convBn(channels, b.reduce3(), 1, 1));
        block = Math.addExact(block, convBn(b.reduce3(), b.b3(), 3, 1));
        block = Math.addExact(block, convBn(channels, b.reduce5(), 1, 1));
        block = Math.addExact(block, convBn(b.reduce5(), b.b5(), 5, 1));
        block = Math.addExact(block, convBn(channels, b.pool(), 1, 1));
        parts.put(spec + ".blocks[" + i + "]=" + b, block);
        channels = b.outChannels();
      }
      lstmHidden = t.lstmHidden();
      lstmLayers = t.lstmLayers();
    }
    return lstmAndClassifier(parts, config, spec, channels, lstmHidden, lstmLayers);
  }

  /** Adds the bidirectional LSTM's and the classifier's values to {@code parts}, which it returns. */
  private static Map<String, Long> lstmAndClassifier(Map<String, Long> parts, ModelConfig config, String spec,
      int channels, int lstmHidden, int lstmLayers) {
    long lstm = 0;
    long input = channels;
    for (int l = 0; l < lstmLayers; l++) {
      // two one-way LSTMs per layer, each: weights [4H, in] and [4H, H], biases [4H] twice
      long oneWay = Math.addExact(Math.multiplyExact(4L * lstmHidden, Math.addExact(input, lstmHidden)),
          8L * lstmHidden);
      lstm = Math.addExact(lstm, Math.multiplyExact(2L, oneWay));
      input = 2L * lstmHidden;
    }
    parts.put(spec + ".lstm_hidden=" + lstmHidden + (config.student() == null ? ", lstm_layers=" + lstmLayers : ""),
        lstm);
    parts.put("num_classes=" + config.numClasses(), linear(2L * lstmHidden, config.numClasses()));
    return parts;
  }

  /** Linear: weight [out, in] and bias [out]. */
  private static long linear(long in, long out) {
    return Math.addExact(Math.multiplyExact(in, out), out);
  }

  /** BatchNorm: gamma, beta, running mean and running variance, [channels] each. */
  private static long batchNorm(long channels) {
    return Math.multiplyExact(4L, channels);
  }

  /** Convolution without bias, weight [out, in / groups, kernel], then BatchNorm. */
  private static long convBn(long in, long out, long kernel, long groups) {
    return Math.addExact(Math.multiplyExact(Math.multiplyExact(out, in / groups), kernel), batchNorm(out));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDList state = embed(store, inputs, training);
    for (AbstractBlock stage : stages) {
      state = stage.forward(store, state, training);
    }
    return head(store, state, training);
  }

  /**
   * The first segment: NDList(features [B, T, F], lengths [B]) → NDList(x [B, E, T], lengths), embedded,
   * normalised and with padding zeroed (the baseline has no embedding: x is the features, zero-padded to
   * {@link BaselineSpec#paddedInputDim} columns, [B, F', T]). With {@link #stages()} and {@link #head} it lets
   * a trainer run the network piece by piece (gradient checkpointing); their composition is {@code forward}.
   */
  public NDList embed(ParameterStore store, NDList inputs, boolean training) {
    NDArray features = inputs.get(0);
    NDArray lengths = inputs.get(1);
    if (embedding == null) {
      long columns = features.getShape().get(2);
      long padding = BaselineSpec.paddedInputDim((int) columns) - columns;
      NDArray x = features;
      if (padding > 0) { // see BaselineSpec.CHANNEL_MULTIPLE
        Shape shape = features.getShape();
        x = x.concat(features.getManager().zeros(new Shape(shape.get(0), shape.get(1), padding)), 2);
      }
      return new NDList(Ops.maskPadding(x.transpose(0, 2, 1), lengths), lengths);  // [B, F', T]
    }
    NDArray x = embedding.forward(store, new NDList(features), training).head(); // [B, T, E]
    x = x.transpose(0, 2, 1);                                                      // [B, E, T]
    x = embedNorm.forward(store, new NDList(x), training).head();
    return new NDList(Ops.maskPadding(x, lengths), lengths);
  }

  /** The convolutional stages, each NDList(x [B, C, T], lengths [B]) → NDList(x' [B, C', T''], lengths'). */
  public List<AbstractBlock> stages() {
    return List.copyOf(stages);
  }

  /** The last segment: NDList(x [B, C, T'], lengths') → NDList(logits [B, T', V], lengths'). */
  public NDList head(ParameterStore store, NDList state, boolean training) {
    NDArray outLengths = state.get(1);
    NDArray x = state.get(0).transpose(0, 2, 1);                                   // [B, T', C]
    x = dropout.forward(store, new NDList(x), training).head();
    x = lstm.forward(store, new NDList(x, outLengths), training).head();           // [B, T', 2H]
    x = dropout.forward(store, new NDList(x), training).head();
    NDArray logits = classifier.forward(store, new NDList(x), training).head();    // [B, T', V]
    return new NDList(logits, outLengths);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long frames = ModelConfig.outputLength((int) in.get(1));
    return new Shape[] {new Shape(in.get(0), frames, config.numClasses()), new Shape(in.get(0))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    Shape lengths = new Shape(in.get(0));
    Shape x = new Shape(in.get(0), BaselineSpec.paddedInputDim((int) in.get(2)), in.get(1));
    if (embedding != null) {
      embedding.initialize(manager, dataType, in);
      x = new Shape(in.get(0), embedding.embedDim, in.get(1));
      embedNorm.initialize(manager, dataType, x);
    }
    for (AbstractBlock stage : stages) {
      stage.initialize(manager, dataType, x, lengths);
      x = stage.getOutputShapes(new Shape[] {x, lengths})[0];
    }
    Shape sequence = new Shape(in.get(0), x.get(2), bodyChannels);
    lstm.initialize(manager, dataType, sequence, lengths);
    classifier.initialize(manager, dataType, new Shape(in.get(0), x.get(2), 2L * lstm.hidden));
  }
}
