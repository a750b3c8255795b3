package org.glossa.data.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The synthetic vocabulary: weather-forecast glosses in PHOENIX style, grouped by grammatical category, each
 * with a sign form. A share of the signs are made as minimal pairs of earlier ones (one parameter changed),
 * so telling them apart needs the handshape, the orientation or the face, not just the rough trajectory.
 */
final class Lexicon {

  enum Category { TIME, DAY, REGION, WEATHER, INTENSITY, TEMPERATURE, NUMBER, FUNCTION }

  private static final Map<Category, String[]> NAMES = new EnumMap<>(Category.class);

  static {
    NAMES.put(Category.TIME, new String[] {"HEUTE", "MORGEN", "ABEND", "NACHT", "VORMITTAG", "NACHMITTAG",
        "UEBERMORGEN", "WOCHENENDE", "SPAETER", "FRUEH"});
    NAMES.put(Category.DAY, new String[] {"MONTAG", "DIENSTAG", "MITTWOCH", "DONNERSTAG", "FREITAG", "SAMSTAG",
        "SONNTAG"});
    NAMES.put(Category.REGION, new String[] {"NORD", "SUED", "OST", "WEST", "BERG", "KUESTE", "MITTE",
        "ALPEN", "BAYERN", "RHEIN", "FLUSS", "REGION", "DEUTSCHLAND", "MEER"});
    NAMES.put(Category.WEATHER, new String[] {"REGEN", "SCHNEE", "SONNE", "WOLKE", "GEWITTER", "NEBEL",
        "WIND", "STURM", "SCHAUER", "FROST", "GLATT", "HAGEL", "FREUNDLICH", "TROCKEN", "NASS", "BEWOELKT",
        "KLAR", "HOCH", "TIEF", "LUFT"});
    NAMES.put(Category.INTENSITY, new String[] {"VIEL", "WENIG", "STARK", "SCHWACH", "MAESSIG", "ZUNEHMEND"});
    NAMES.put(Category.TEMPERATURE, new String[] {"WARM", "KALT", "GRAD", "MINUS", "MILD", "KUEHL", "HEISS"});
    NAMES.put(Category.NUMBER, new String[] {"EINS", "ZWEI", "DREI", "VIER", "FUENF", "SECHS", "ZEHN",
        "ZWANZIG", "DREISSIG", "NULL"});
    NAMES.put(Category.FUNCTION, new String[] {"UND", "AUCH", "DANN", "JETZT", "NICHT", "IX", "KOMMEN",
        "BLEIBEN", "WECHSELHAFT", "MEHR", "BIS", "NOCH"});
  }

  /** Share of the vocabulary per category, in order. */
  private static final double[] SHARES = {0.12, 0.08, 0.16, 0.24, 0.07, 0.09, 0.10, 0.14};

  final List<SignSpec> signs;
  final Map<Category, List<String>> glossesByCategory;
  final Map<String, SignSpec> byGloss;
  final int minimalPairs;

  private Lexicon(List<SignSpec> signs, Map<Category, List<String>> glossesByCategory, int minimalPairs) {
    this.signs = List.copyOf(signs);
    this.glossesByCategory = glossesByCategory;
    this.byGloss = new LinkedHashMap<>();
    signs.forEach(s -> byGloss.put(s.gloss(), s));
    this.minimalPairs = minimalPairs;
  }

  static Lexicon generate(int vocabularySize, double minimalPairShare, Random random) {
    if (vocabularySize < Category.values().length) {
      throw new IllegalArgumentException("vocabulary needs at least " + Category.values().length
          + " glosses (one per category), got " + vocabularySize);
    }
    Map<Category, List<String>> byCategory = new EnumMap<>(Category.class);
    Category[] categories = Category.values();
    int[] counts = new int[categories.length];
    int assigned = 0;
    for (int c = 0; c < categories.length; c++) {
      counts[c] = Math.max(1, (int) Math.round(SHARES[c] * vocabularySize));
      assigned += counts[c];
    }
    for (int c = 0; assigned != vocabularySize; c = (c + 1) % categories.length) {
      if (assigned < vocabularySize) {
        counts[c]++;
        assigned++;
      } else if (counts[c] > 1) {
        counts[c]--;
        assigned--;
      }
    }
    List<String> all = new ArrayList<>();
    for (int c = 0; c < categories.length; c++) {
      String[] names = NAMES.get(categories[c]);
      List<String> list = new ArrayList<>();
      for (int i = 0; i < counts[c]; i++) {
        list.add(i < names.length ? names[i] : names[i % names.length] + "-" + (i / names.length + 1));
      }
      byCategory.put(categories[c], list);
      all.addAll(list);
    }

    List<SignSpec> signs = new ArrayList<>();
    Set<String> forms = new HashSet<>();
    int pairs = 0;
    for (String gloss : all) {
      SignSpec sign = null;
      for (int attempt = 0; attempt < 200; attempt++) {
        boolean pair = !signs.isEmpty() && random.nextDouble() < minimalPairShare;
        SignSpec candidate = pair
            ? changeOneParameter(signs.get(random.nextInt(signs.size())), random).withGloss(gloss)
            : randomSign(gloss, random);
        if (forms.add(candidate.form())) {
          sign = candidate;
          pairs += pair ? 1 : 0;
          break;
        }
      }
      if (sign == null) {
        throw new IllegalStateException("could not make a distinct sign for " + gloss);
      }
      signs.add(sign);
    }
    return new Lexicon(signs, byCategory, pairs);
  }

  private static final float[] ROLLS = {0f, -0.8f, -1.5f, 0.7f, 3.0f};
  private static final float[] YAWS = {0f, 1.1f, 2.6f};

  private static SignSpec randomSign(String gloss, Random random) {
    Handshape shape = pick(Handshape.ALL, random);
    Handshape end = random.nextDouble() < 0.15 ? pick(Handshape.ALL, random) : shape;
    SignSpec.TwoHanded twoHanded = random.nextDouble() < 0.6 ? SignSpec.TwoHanded.ONE
        : pick(SignSpec.TwoHanded.values(), random);
    SignLocation location = twoHanded == SignSpec.TwoHanded.ON_BASE ? SignLocation.BASE_HAND
        : pick(SignLocation.values(), random, SignLocation.BASE_HAND);
    SignSpec.FaceMarker face = random.nextDouble() < 0.7 ? SignSpec.FaceMarker.NONE
        : pick(SignSpec.FaceMarker.values(), random);
    return new SignSpec(gloss, shape, end, location, pick(Movement.values(), random),
        0.22f + 0.2f * random.nextFloat(), ROLLS[random.nextInt(ROLLS.length)], YAWS[random.nextInt(YAWS.length)],
        twoHanded, face, 9f + 5f * random.nextFloat());
  }

  private static SignSpec changeOneParameter(SignSpec s, Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> {
        Handshape h = pick(Handshape.ALL, random);
        yield new SignSpec(s.gloss(), h, s.endHandshape() == s.handshape() ? h : s.endHandshape(), s.location(),
            s.movement(), s.amplitude(), s.roll(), s.yaw(), s.twoHanded(), s.faceMarker(), s.durationFrames());
      }
      case 1 -> s.twoHanded() == SignSpec.TwoHanded.ON_BASE ? s
          : new SignSpec(s.gloss(), s.handshape(), s.endHandshape(),
              pick(SignLocation.values(), random, SignLocation.BASE_HAND), s.movement(), s.amplitude(), s.roll(),
              s.yaw(), s.twoHanded(), s.faceMarker(), s.durationFrames());
      case 2 -> new SignSpec(s.gloss(), s.handshape(), s.endHandshape(), s.location(),
          pick(Movement.values(), random), s.amplitude(), s.roll(), s.yaw(), s.twoHanded(), s.faceMarker(),
          s.durationFrames());
      case 3 -> new SignSpec(s.gloss(), s.handshape(), s.endHandshape(), s.location(), s.movement(),
          s.amplitude(), ROLLS[random.nextInt(ROLLS.length)], YAWS[random.nextInt(YAWS.length)], s.twoHanded(),
          s.faceMarker(), s.durationFrames());
      case 4 -> s.location() == SignLocation.BASE_HAND ? s
          : new SignSpec(s.gloss(), s.handshape(), s.endHandshape(), s.location(), s.movement(), s.amplitude(),
              s.roll(), s.yaw(), pick(new SignSpec.TwoHanded[] {SignSpec.TwoHanded.ONE,
                  SignSpec.TwoHanded.SYMMETRIC, SignSpec.TwoHanded.ALTERNATING}, random),
              s.faceMarker(), s.durationFrames());
      default -> new SignSpec(s.gloss(), s.handshape(), s.endHandshape(), s.location(), s.movement(),
          s.amplitude(), s.roll(), s.yaw(), s.twoHanded(), pick(SignSpec.FaceMarker.values(), random),
          s.durationFrames());
    };
  }

  @SafeVarargs
  private static <T> T pick(T[] values, Random random, T... excluded) {
    while (true) {
      T value = values[random.nextInt(values.length)];
      if (!List.of(excluded).contains(value)) {
        return value;
      }
    }
  }
}
