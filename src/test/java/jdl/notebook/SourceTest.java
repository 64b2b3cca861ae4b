package jdl.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import jdl.nn.Linear;
import jdl.rnn.LstmCell;

class SourceTest {

    @Test
    void showsTheMethodWithItsCommentAndTheFilesLineNumbers() throws Exception {
        Source.View view = Source.show(Linear.class, "backward");
        List<String> file = Files.readAllLines(Path.of("src/main/java/jdl/nn/Linear.java"));
        for (int i = 0; i < view.lines().size(); i++) {
            assertEquals(file.get(view.firstLine() - 1 + i), view.lines().get(i), "line " + (view.firstLine() + i));
        }
        String joined = String.join("\n", view.lines());
        assertTrue(joined.contains("public INDArray backward("), joined);
        assertTrue(view.lines().get(view.lines().size() - 1).trim().equals("}"), joined);
        assertTrue(view.lines().get(0).trim().startsWith("/**") || view.lines().get(0).trim().startsWith("@"), joined);
    }

    @Test
    void everyOverloadAndHighlightedHtml() {
        Source.View view = Source.show(LstmCell.class, "stepBackward");
        String html = view.html();
        assertTrue(html.contains("<b style=\"color:#1a4fa0\">public</b>"), html);
        assertTrue(html.contains("stepBackward"), html);
        assertTrue(!html.contains("<INDArray>") , "generics are escaped");
        assertTrue(view.toString().startsWith("LstmCell.stepBackward\n"), view.toString());
    }

    @Test
    void anUnknownMethodIsRefusedWithTheNamesThatExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Source.show(Linear.class, "backwards"));
        assertTrue(e.getMessage().startsWith("method: expected a method declared in Linear.java, one of ["),
                e.getMessage());
        assertTrue(e.getMessage().contains("backward") && e.getMessage().endsWith("got 'backwards'"), e.getMessage());
    }
}
