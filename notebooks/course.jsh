// The shared setup of every notebook, loaded by its first cell with %load: the imports the whole course uses and
// the training profile (COURSE_PROFILE: fast in the tests, full by default). Each notebook imports its own model
// package (jdl.gan, jdl.rnn, ...) after this.
import java.util.*;
import java.util.stream.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.knowm.xchart.*;
import jdl.nn.*;
import jdl.data.*;
import jdl.tasks.*;
import jdl.plot.*;
import jdl.chapters.*;
import jdl.notebook.*;
import static jdl.notebook.Checks.*;
Profile profile = Course.profile();
System.out.println("profile: " + profile);
