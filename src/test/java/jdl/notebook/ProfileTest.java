package jdl.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void parsesFastAndFullInAnyCase() {
        assertEquals(Profile.FAST, Profile.parse("fast", "COURSE_PROFILE"));
        assertEquals(Profile.FULL, Profile.parse(" FULL ", "COURSE_PROFILE"));
    }

    @Test
    void rejectsOtherValuesNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Profile.parse("quick", "environment variable COURSE_PROFILE"));
        assertEquals("environment variable COURSE_PROFILE must be 'fast' or 'full', but it is 'quick'", e.getMessage());
    }

    @Test
    void picksTheBudgetForTheProfile() {
        assertEquals(200, Profile.FAST.pick(200, 5000));
        assertEquals(5000, Profile.FULL.pick(200, 5000));
        assertEquals(0.5, Profile.FAST.pick(0.5, 0.1));
    }

    @Test
    void courseReadsTheSystemPropertyFirst() {
        String old = System.getProperty("course.profile");
        try {
            System.setProperty("course.profile", "fast");
            assertEquals(Profile.FAST, Course.profile());
            System.setProperty("course.profile", "full");
            assertEquals(Profile.FULL, Course.profile());
            System.setProperty("course.profile", "nope");
            assertEquals("system property course.profile must be 'fast' or 'full', but it is 'nope'",
                    assertThrows(IllegalArgumentException.class, Course::profile).getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("course.profile");
            } else {
                System.setProperty("course.profile", old);
            }
        }
    }
}
