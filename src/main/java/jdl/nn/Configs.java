package jdl.nn;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Named construction for the course's configuration records. A record's {@code toString} already prints
 * {@code name=value} pairs; what it lacks is a way to change one field by name. Each config record has a method per
 * field, named like the field, that returns a copy with that field changed, so a notebook cell reads as a sentence:
 * {@code GanConfig.images().noiseDim(64).generatorHidden(256).batchSize(64)}. Those methods call {@link #with}, which
 * copies the record through its canonical constructor, so the record's validation runs on every copy.
 */
public final class Configs {

    private Configs() {
    }

    /** A copy of {@code config} with the component {@code name} set to {@code value}, validated by the record. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R config, String name, Object value) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a record, got null");
        }
        RecordComponent[] components = config.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        int found = -1;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getAccessor().invoke(config);
                if (components[i].getName().equals(name)) {
                    found = i;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("name: expected a field of " + config.getClass().getSimpleName()
                        + ", got '" + name + "'");
            }
            values[found] = value;
            Constructor<?> canonical = config.getClass().getDeclaredConstructor(types);
            return (R) canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;                                  // the record's own validation message
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + config.getClass().getSimpleName() + ": " + e, e);
        } catch (IllegalArgumentException e) {
            if (found >= 0 && e.getMessage() != null && e.getMessage().contains("argument type mismatch")) {
                throw new IllegalArgumentException(name + ": expected " + types[found].getSimpleName() + ", got "
                        + (value == null ? "null" : value.getClass().getSimpleName() + " " + value), e);
            }
            throw e;
        }
    }
}
