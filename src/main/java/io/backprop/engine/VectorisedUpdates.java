package io.backprop.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optimizers' updates over whole vectors with the Vector API, used with the fast kernel (they need the
 * same module). The same float operations as the optimizers' scalar loops, lane by lane, in the same
 * order, so the results are the same bit for bit; including the flush of subnormal state to zero (see
 * {@link Adam#update}), which the scalar loops write as a conditional that C2 does not vectorise (Adam:
 * 2.9 against 0.6 ns per parameter). Each method updates [from, from + whole vectors) and returns where
 * it stopped; the caller finishes the rest. Callers reach this class only when
 * {@link Optimizers#VECTORISED}: loading it needs the module.
 */
final class VectorisedUpdates {


    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorisedUpdates() {
    }

    /** {@link Adam}'s update; arguments as its fields and step constants. */
    static int adam(float[] params, float[] grads, float[] m, float[] v, int from, int to, float stepSize,
                      float correction2Sqrt, float beta2, float oneMinusBeta1, float oneMinusBeta2, float epsilon) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, grads, i);
            FloatVector mPrev = FloatVector.fromArray(S, m, i);
            FloatVector mi = mPrev.add(g.sub(mPrev).mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            // the flush written out here, not called: inlined into a large training step, C2 once stopped
            // inlining a helper at its node-count cutoff and then boxed its vector and mask, 6.9 KB a step
            mi = mi.blend(zero, mi.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
            vi = vi.blend(zero, vi.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector step = mi.mul(stepSize).div(vi.sqrt().div(correction2Sqrt).add(epsilon));
            FloatVector.fromArray(S, params, i).sub(step).intoArray(params, i);
        }
        return i;
    }

    /** {@link Sgd}'s update with momentum, Nesterov's form or not. */
    static int momentum(float[] params, float[] grads, float[] velocity, int from, int to, float learningRate,
                        float momentum, boolean nesterov) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, grads, i);
            FloatVector v = FloatVector.fromArray(S, velocity, i).mul(momentum).add(g);
            v = v.blend(zero, v.abs().compare(VectorOperators.LT, Float.MIN_NORMAL)); // written out: see adam
            v.intoArray(velocity, i);
            FloatVector step = nesterov ? g.add(v.mul(momentum)).mul(learningRate) : v.mul(learningRate);
            FloatVector.fromArray(S, params, i).sub(step).intoArray(params, i);
        }
        return i;
    }
}
