package jdl.notebook;

import java.util.UUID;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The one place that talks to the JJava kernel's display API: show a display and update it in place.
 * Everything else in the library works without JJava; {@link #available()} says whether a JJava kernel
 * is running this code (false in plain Java, in unit tests and under IJava).
 */
final class JJavaBridge {

    private static final String KERNEL_CLASS = "org.dflib.jjava.jupyter.kernel.BaseKernel";

    private JJavaBridge() {
    }

    /** True when a JJava kernel is executing a cell in this JVM. */
    static boolean available() {
        try {
            Class.forName(KERNEL_CLASS, false, JJavaBridge.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return Kernel.running();
    }

    /** Shows a display with plain text and, if {@code pngBase64} is not null, a PNG; returns its id. */
    static String display(String text, String pngBase64) {
        String id = "jdl-" + UUID.randomUUID();
        Kernel.display(id, text, pngBase64, false);
        return id;
    }

    /**
     * Replaces the content of the display {@code id} in place. If the cell's thread has been interrupted
     * (JupyterLab's interrupt button), the update is skipped and the interrupt is kept for the training loop,
     * which stops at its next check: the kernel's messaging (ZeroMQ) fails when it is used from an interrupted
     * thread, and a progress refresh is not worth failing a training run for.
     */
    static void update(String id, String text, String pngBase64) {
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        try {
            Kernel.display(id, text, pngBase64, true);
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted() && !causedByInterrupt(e)) {
                throw e;
            }
            Thread.currentThread().interrupt();
        }
    }

    /** True if an interrupt caused {@code e}: an interrupted wait or channel, or ZeroMQ's EINTR. */
    static boolean causedByInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
            if (t.getClass().getSimpleName().equals("ZMQException") && zmqErrorCode(t) == EINTR) {
                return true;
            }
        }
        return false;
    }

    private static final int EINTR = 4;

    private static int zmqErrorCode(Throwable zmq) {
        try {
            return (Integer) zmq.getClass().getMethod("getErrorCode").invoke(zmq);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return -1;
        }
    }

    /** Loaded only after {@link #available()} found the kernel classes. */
    private static final class Kernel {
        static boolean running() {
            try {
                return BaseKernel.notebookKernel().getIO().isAttached();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }

        static void display(String id, String text, String pngBase64, boolean update) {
            DisplayData data = new DisplayData(text);
            if (pngBase64 != null) {
                data.putData("image/png", pngBase64);
            }
            // what setDisplayId does; called directly because setDisplayId's return type differs
            // between JJava releases (void in 1.0-a6, DisplayData in 1.0a8)
            data.putTransientData("display_id", id);
            BaseKernel kernel = BaseKernel.notebookKernel();
            if (update) {
                kernel.getIO().display.updateDisplay(id, data);
            } else {
                kernel.display(data);
            }
        }
    }
}
