package org.glossa.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Weather-forecast sentences in gloss order, from a handful of templates with optional slots, so the gloss
 * sequence has structure that a language model can learn while word choice stays open.
 */
final class Grammar {

  private final Lexicon lexicon;

  Grammar(Lexicon lexicon) {
    this.lexicon = lexicon;
  }

  List<String> sentence(Random random, int minLength, int maxLength) {
    for (int attempt = 0; attempt < 100; attempt++) {
      List<String> glosses = new ArrayList<>();
      switch (random.nextInt(6)) {
        case 0 -> { // TIME REGION WEATHER [INTENSITY]
          opt(glosses, Lexicon.Category.TIME, 0.8, random);
          add(glosses, Lexicon.Category.REGION, random);
          add(glosses, Lexicon.Category.WEATHER, random);
          opt(glosses, Lexicon.Category.INTENSITY, 0.5, random);
        }
        case 1 -> { // REGION WEATHER UND REGION WEATHER
          add(glosses, Lexicon.Category.REGION, random);
          add(glosses, Lexicon.Category.WEATHER, random);
          add(glosses, Lexicon.Category.FUNCTION, random);
          add(glosses, Lexicon.Category.REGION, random);
          add(glosses, Lexicon.Category.WEATHER, random);
          opt(glosses, Lexicon.Category.WEATHER, 0.3, random);
        }
        case 2 -> { // TIME TEMPERATURE NUMBER [NUMBER] TEMPERATURE
          opt(glosses, Lexicon.Category.TIME, 0.6, random);
          opt(glosses, Lexicon.Category.REGION, 0.5, random);
          add(glosses, Lexicon.Category.TEMPERATURE, random);
          add(glosses, Lexicon.Category.NUMBER, random);
          opt(glosses, Lexicon.Category.NUMBER, 0.4, random);
          add(glosses, Lexicon.Category.TEMPERATURE, random);
        }
        case 3 -> { // DAY WEATHER [INTENSITY] FUNCTION WEATHER
          add(glosses, Lexicon.Category.DAY, random);
          opt(glosses, Lexicon.Category.REGION, 0.5, random);
          add(glosses, Lexicon.Category.WEATHER, random);
          opt(glosses, Lexicon.Category.INTENSITY, 0.4, random);
          add(glosses, Lexicon.Category.FUNCTION, random);
          add(glosses, Lexicon.Category.WEATHER, random);
        }
        case 4 -> { // REGION FUNCTION WEATHER FUNCTION
          add(glosses, Lexicon.Category.REGION, random);
          add(glosses, Lexicon.Category.FUNCTION, random);
          add(glosses, Lexicon.Category.WEATHER, random);
          opt(glosses, Lexicon.Category.FUNCTION, 0.6, random);
          opt(glosses, Lexicon.Category.TIME, 0.4, random);
        }
        default -> { // TIME DAY WEATHER WEATHER INTENSITY TEMPERATURE
          add(glosses, Lexicon.Category.TIME, random);
          opt(glosses, Lexicon.Category.DAY, 0.5, random);
          add(glosses, Lexicon.Category.WEATHER, random);
          opt(glosses, Lexicon.Category.WEATHER, 0.5, random);
          opt(glosses, Lexicon.Category.INTENSITY, 0.5, random);
          opt(glosses, Lexicon.Category.TEMPERATURE, 0.5, random);
        }
      }
      while (glosses.size() < minLength) {
        add(glosses, Lexicon.Category.values()[random.nextInt(Lexicon.Category.values().length)], random);
      }
      if (glosses.size() <= maxLength) {
        return glosses;
      }
    }
    throw new IllegalArgumentException("no sentence fits lengths " + minLength + ".." + maxLength);
  }

  private void add(List<String> glosses, Lexicon.Category category, Random random) {
    List<String> options = lexicon.glossesByCategory.get(category);
    // Zipf-like preference: early words of a category are more frequent, as in real corpora.
    int index = (int) Math.min(options.size() - 1, Math.floor(Math.pow(random.nextDouble(), 1.6) * options.size()));
    glosses.add(options.get(index));
  }

  private void opt(List<String> glosses, Lexicon.Category category, double probability, Random random) {
    if (random.nextDouble() < probability) {
      add(glosses, category, random);
    }
  }
}
