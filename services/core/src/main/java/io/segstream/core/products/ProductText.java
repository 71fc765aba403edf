package io.segstream.core.products;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Keywords of a product description with Lucene's analysis: the standard (Unicode word-break) tokenizer, lower
 * case, Lucene's English stop words and the Porter stemmer. Words shorter than three letters and tokens with
 * anything but letters (sizes, counts, codes) are dropped. Each keyword is the stem; {@link #words} also returns
 * the word it came from, so that a category can be named with real words.
 *
 * <p>Not thread-safe (the analyzers reuse their token streams per thread, and the stem cache is a plain map):
 * one instance per thread.
 */
public final class ProductText implements AutoCloseable {
    private static final int MIN_LETTERS = 3;

    private final Analyzer words = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream s = new LowerCaseFilter(source);
            s = new StopFilter(s, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            return new TokenStreamComponents(source, s);
        }
    };
    private final Analyzer stemmer = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            StandardTokenizer source = new StandardTokenizer();
            return new TokenStreamComponents(source, new PorterStemFilter(source));
        }
    };
    private final Map<String, String> stems = new HashMap<>();

    /**
     * One kept word of a description and its stem.
     *
     * @param word the lower-case word as written
     * @param stem its Porter stem, the keyword
     */
    public record Word(String word, String stem) {
    }

    /**
     * The kept words of a description, in order, repeats included.
     *
     * @param description the description, may be null
     * @return the words and their stems
     */
    public List<Word> words(String description) {
        List<Word> out = new ArrayList<>();
        if (description == null || description.isBlank()) {
            return out;
        }
        for (String w : tokens(words, description)) {
            if (w.length() >= MIN_LETTERS && w.chars().allMatch(Character::isLetter)) {
                out.add(new Word(w, stems.computeIfAbsent(w, this::stemOf)));
            }
        }
        return out;
    }

    private String stemOf(String word) {
        List<String> t = tokens(stemmer, word);
        return t.size() == 1 ? t.getFirst() : word;
    }

    private static List<String> tokens(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("d", new StringReader(text))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            // A StringReader does not fail; keep the checked exception out of callers anyway.
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        words.close();
        stemmer.close();
    }
}
