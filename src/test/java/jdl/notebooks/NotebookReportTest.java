package jdl.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class NotebookReportTest {

    private static NotebookReport report(String cellsJson) throws Exception {
        String nb = "{\"nbformat\":4,\"nbformat_minor\":5,\"metadata\":{},\"cells\":[" + cellsJson + "]}";
        return NotebookReport.of("demo.ipynb", new ObjectMapper().readTree(nb));
    }

    private static final String MARKDOWN = "{\"cell_type\":\"markdown\",\"source\":[\"# Title\"]}";
    private static final String PNG_CELL = "{\"cell_type\":\"code\",\"execution_count\":1,\"source\":[\"chart\"],"
            + "\"outputs\":[{\"output_type\":\"execute_result\",\"data\":{\"image/png\":\"iVBOR\",\"text/plain\":\"c\"}}]}";

    @Test
    void cleanNotebookWithAPlotPasses() throws Exception {
        NotebookReport r = report(MARKDOWN + "," + PNG_CELL);
        assertEquals(List.of(), r.problems());
        assertEquals(1, r.pngImages());
    }

    @Test
    void errorOutputNamesNotebookCellAndErrorText() throws Exception {
        String error = "{\"cell_type\":\"code\",\"execution_count\":2,\"source\":[\"check(false)\\n\",\"more\"],"
                + "\"outputs\":[{\"output_type\":\"error\",\"ename\":\"OutcomeCheckFailed\","
                + "\"evalue\":\"Check failed: accuracy is 0.5, expected at least 0.8\","
                + "\"traceback\":[\"\\u001b[1;31mjdl.notebook.Checks$OutcomeCheckFailed: boom\\u001b[0m\",\"\\tat Checks.java:42\"]}]}";
        NotebookReport r = report(MARKDOWN + "," + PNG_CELL + "," + error);
        List<String> problems = r.problems();
        assertEquals(1, problems.size(), problems.toString());
        String p = problems.get(0);
        assertTrue(p.startsWith("demo.ipynb, cell 3 (code cell 2): OutcomeCheckFailed: Check failed: accuracy is 0.5"), p);
        assertTrue(p.contains("at Checks.java:42"), p);
        assertTrue(!p.contains("\u001b["), "ANSI colour codes are stripped: " + p);
        assertTrue(p.contains("in: check(false) …"), p);
    }

    @Test
    void notebookWithoutInlinePngFails() throws Exception {
        String text = "{\"cell_type\":\"code\",\"execution_count\":1,\"source\":[\"1+1\"],"
                + "\"outputs\":[{\"output_type\":\"execute_result\",\"data\":{\"text/plain\":\"2\"}}]}";
        List<String> problems = report(text).problems();
        assertEquals(List.of("demo.ipynb: produced no inline image/png output (every notebook must plot)"), problems);
    }

    @Test
    void cellsThatNeverRanFailTheNotebook() throws Exception {
        String notRun = "{\"cell_type\":\"code\",\"execution_count\":null,\"source\":[\"train()\"],\"outputs\":[]}";
        List<String> problems = report(PNG_CELL + "," + notRun).problems();
        assertEquals(List.of("demo.ipynb: cells never ran: cell 2 (code cell 2)"), problems);
    }

    @Test
    void updatedDisplayPngCounts() throws Exception {
        String display = "{\"cell_type\":\"code\",\"execution_count\":1,\"source\":[\"p\"],"
                + "\"outputs\":[{\"output_type\":\"display_data\",\"metadata\":{},\"transient\":{\"display_id\":\"x\"},"
                + "\"data\":{\"text/plain\":\"line\",\"image/png\":\"iVBOR\"}}]}";
        assertEquals(1, report(display).pngImages());
    }
}
