package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The policy probes the other way on schedule and keeps whichever way measured faster. */
class HelperPolicyTest {

    @Test
    void shouldStayWithTheHelperWhileItIsFaster() {
        int threeProbes = HelperPolicy.FIRST_PROBE + HelperPolicy.WINDOW + 2 * (HelperPolicy.PROBE_EVERY + HelperPolicy.WINDOW);
        var choices = run(HelperPolicy.adaptive(), threeProbes, withHelper -> withHelper);

        assertThat(choices.subList(0, HelperPolicy.FIRST_PROBE)).containsOnly(true);
        // only the probe windows run alone
        assertThat(choices.stream().filter(c -> !c).count()).isEqualTo(3L * HelperPolicy.WINDOW);
        assertThat(choices.subList(HelperPolicy.FIRST_PROBE, HelperPolicy.FIRST_PROBE + HelperPolicy.WINDOW)).containsOnly(false);
    }

    @Test
    void shouldSwitchToTheCallerAloneWhenTheHelperSlowsStepsDownAndBackWhenItStopsDoingSo() {
        var policy = HelperPolicy.adaptive();
        // the second core hurts for the first 3,000 steps, then helps
        var choices = new ArrayList<Boolean>();
        for (int step = 0; step < 6_000; step++) {
            boolean withHelper = policy.withHelper();
            choices.add(withHelper);
            boolean helperHurts = step < 3_000;
            policy.record(withHelper == helperHurts ? 2_000_000 : 1_000_000, 128);
        }

        int firstDecision = HelperPolicy.FIRST_PROBE + HelperPolicy.WINDOW;
        assertThat(choices.get(firstDecision)).as("alone after the first probe").isFalse();
        assertThat(choices.get(2_900)).isFalse();
        assertThat(choices.getLast()).as("back with the helper after a later probe").isTrue();
    }

    @Test
    void shouldNotBeSwayedByAFewSlowStepsInAWindow() {
        // the helper makes a step 1.5x faster, but a third of the steps before the first probe lost their
        // core for 10 ms: their sum (96 ms) is far above the probe's (36 ms), their median is not
        var policy = HelperPolicy.adaptive();
        int windowBefore = HelperPolicy.FIRST_PROBE - HelperPolicy.WINDOW;
        for (int step = 0; step < HelperPolicy.FIRST_PROBE + HelperPolicy.WINDOW; step++) {
            boolean withHelper = policy.withHelper();
            boolean preempted = step >= windowBefore && step < windowBefore + HelperPolicy.WINDOW / 3;
            policy.record(preempted ? 10_000_000 : withHelper ? 1_000_000 : 1_500_000, 128);
        }
        assertThat(policy.current()).isTrue();
    }

    @Test
    void shouldTryTheHelperAgainSoonAfterGoingAlone() {
        // the helper is slow only around the first probe (as when a GC cycle takes its core for a while)
        var policy = HelperPolicy.adaptive();
        var choices = new ArrayList<Boolean>();
        int slowFrom = HelperPolicy.FIRST_PROBE - 2 * HelperPolicy.WINDOW;
        int slowTo = HelperPolicy.FIRST_PROBE + 2 * HelperPolicy.WINDOW;
        for (int step = 0; step < 3_000; step++) {
            boolean withHelper = policy.withHelper();
            choices.add(withHelper);
            boolean helperSlow = step >= slowFrom && step < slowTo;
            policy.record(!withHelper ? 1_500_000 : helperSlow ? 3_000_000 : 1_000_000, 128);
        }

        int firstDecision = HelperPolicy.FIRST_PROBE + HelperPolicy.WINDOW;
        int recheckDecision = firstDecision + HelperPolicy.RECHECK_EVERY + HelperPolicy.WINDOW;
        assertThat(choices.get(firstDecision)).as("alone after the first probe").isFalse();
        assertThat(choices.subList(firstDecision + HelperPolicy.RECHECK_EVERY, recheckDecision))
                .as("the recheck's window").containsOnly(true);
        assertThat(choices.subList(recheckDecision, recheckDecision + HelperPolicy.PROBE_EVERY))
                .as("back with the helper until the next probe").containsOnly(true);
    }

    @Test
    void shouldNotSwitchForLessThanTheMargin() {
        // alone is faster, but by 2 %: under the 5 % margin
        var policy = HelperPolicy.adaptive();
        for (int step = 0; step < 5_000; step++) {
            boolean withHelper = policy.withHelper();
            policy.record(withHelper ? 1_000_000 : 980_000, 128);
        }
        assertThat(policy.current()).isTrue();
    }

    @Test
    void shouldNeverProbeWhenFixed() {
        assertThat(run(HelperPolicy.fixed(true), 5_000, withHelper -> false)).containsOnly(true);
        assertThat(run(HelperPolicy.fixed(false), 5_000, withHelper -> true)).containsOnly(false);
    }

    /** Steps of 128 rows that take 1 ms the fast way and 2 ms the other; returns each step's choice. */
    private static List<Boolean> run(HelperPolicy policy, int steps, Predicate<Boolean> fast) {
        var choices = new ArrayList<Boolean>();
        for (int step = 0; step < steps; step++) {
            boolean withHelper = policy.withHelper();
            choices.add(withHelper);
            policy.record(fast.test(withHelper) ? 1_000_000 : 2_000_000, 128);
        }
        return choices;
    }
}
