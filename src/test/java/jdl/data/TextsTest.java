package jdl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void prideAndPrejudiceIsTheWholeNovel() {
        String text = Texts.prideAndPrejudice();
        assertEquals(684_768, text.length());
        assertEquals(74, text.chars().filter(c -> c != '\n').distinct().count(),
                "distinct characters besides the line break, as data/README.md says");
        assertTrue(text.contains("It is a truth universally acknowledged"));
    }
}
