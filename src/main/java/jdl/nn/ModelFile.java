package jdl.nn;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves a model as its configuration record plus its parameters, and loads both back: build the model
 * from {@link #readConfig}, then {@link #loadInto} its parameter store. The format is a small binary
 * file: a header, the configuration as {@code name=value} lines, then each parameter's name, shape
 * and values in double precision.
 */
public final class ModelFile {

    private static final String MAGIC = "jdl-model";
    private static final int VERSION = 1;

    private ModelFile() {
    }

    public static void save(Path file, Record config, Params params) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(config.getClass().getName());
                out.writeUTF(configText(config));
                List<Param> list = params.list();
                out.writeInt(list.size());
                for (Param p : list) {
                    out.writeUTF(p.name());
                    long[] shape = p.shape();
                    out.writeInt(shape.length);
                    for (long s : shape) {
                        out.writeLong(s);
                    }
                    for (double v : Shapes.doubles(p.value())) {
                        out.writeDouble(v);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write model file " + file, e);
        }
    }

    /** The configuration record stored in {@code file}. */
    public static <R extends Record> R readConfig(Path file, Class<R> type) {
        try (DataInputStream in = open(file)) {
            String stored = in.readUTF();
            if (!stored.equals(type.getName())) {
                throw new IllegalArgumentException("type: " + file + " holds a " + stored + ", not a " + type.getName());
            }
            return parseConfig(type, in.readUTF());
        } catch (EOFException e) {
            throw endsEarly(file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + file, e);
        }
    }

    /**
     * Loads the parameter values of {@code file} into {@code params} (same names and shapes required).
     * The whole file is read and checked first: if it does not fit, the model is left as it was.
     */
    public static void loadInto(Path file, Params params) {
        try (DataInputStream in = open(file)) {
            in.readUTF();
            in.readUTF();
            int count = in.readInt();
            if (count != params.list().size()) {
                throw new IllegalArgumentException("params: " + file + " has " + count + " parameters, the model has "
                        + params.list().size());
            }
            Map<Param, INDArray> loaded = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                Param p = params.get(name);
                if (!Arrays.equals(shape, p.shape())) {
                    throw new IllegalArgumentException("params: " + name + " has shape " + Arrays.toString(shape) + " in "
                            + file + ", the model's is " + Arrays.toString(p.shape()));
                }
                double[] values = new double[(int) p.length()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = in.readDouble();
                }
                loaded.put(p, Nd4j.create(values, shape, DataType.DOUBLE).castTo(params.dataType()));
            }
            loaded.forEach((p, value) -> p.value().assign(value));
        } catch (EOFException e) {
            throw endsEarly(file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file: no model file at " + file);
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
        String magic = null;
        int version = -1;
        try {
            magic = in.readUTF();
            version = in.readInt();
        } catch (IOException e) {
            // too short for the header, or bytes that are not a string: not one of our files
        }
        if (!MAGIC.equals(magic) || version != VERSION) {
            in.close();
            throw new IllegalArgumentException("file: " + file + " is not a jdl model file version " + VERSION);
        }
        return in;
    }

    private static IllegalArgumentException endsEarly(Path file, EOFException e) {
        return new IllegalArgumentException("file: " + file + " ends early (truncated while it was written or copied?)", e);
    }

    /** The record's components as {@code name=value} lines (lists as comma-separated values). */
    static String configText(Record config) {
        StringBuilder sb = new StringBuilder();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String text = value instanceof List<?> list
                    ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
            sb.append(c.getName()).append('=').append(text).append('\n');
        }
        return sb.toString();
    }

    /** Rebuilds a record of ints, longs, doubles, booleans, strings, enums and lists of integers. */
    static <R extends Record> R parseConfig(Class<R> type, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String v = values.get(c.getName());
            if (v == null) {
                throw new IllegalArgumentException("config: no value for '" + c.getName() + "' of " + type.getName());
            }
            types[i] = c.getType();
            args[i] = parse(c.getType(), v);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot rebuild " + type.getName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(Class<?> t, String v) {
        if (t == int.class) {
            return Integer.parseInt(v);
        } else if (t == long.class) {
            return Long.parseLong(v);
        } else if (t == double.class) {
            return Double.parseDouble(v);
        } else if (t == boolean.class) {
            return Boolean.parseBoolean(v);
        } else if (t == String.class) {
            return v;
        } else if (t.isEnum()) {
            return Enum.valueOf((Class) t, v);
        } else if (t == List.class) {
            List<Integer> list = new ArrayList<>();
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    list.add(Integer.parseInt(part.strip()));
                }
            }
            return list;
        }
        throw new IllegalArgumentException("config: cannot store a component of type " + t.getName());
    }
}
