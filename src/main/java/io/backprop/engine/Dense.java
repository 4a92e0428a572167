package io.backprop.engine;

/**
 * The fully connected layer as a pair of functions over explicit buffers (llm.c {@code matmul_forward} /
 * {@code matmul_backward}).
 *
 * <p>Legend: B rows in the mini-batch, I inputs, O units (outputs) of the layer.
 * <pre>
 *   x   (B, I)   inputs: the network input or the previous layer's activations
 *   W   (I, O)   at params[wOffset], W[i·O + j] = weight from input i to unit j
 *   b   (O)      at params[bOffset]
 *   z   (B, O)   pre-activations, z = x·W + b
 *   dZ  (B, O)   ∂L/∂z, from the activation's derivative or the loss
 *   dW  (I, O)   at grads[wOffset], = xᵀ·dZ
 *   db  (O)      at grads[bOffset], = Σ_rows dZ
 *   dX  (B, I)   ∂L/∂x = dZ·Wᵀ, for the layer below
 * </pre>
 */
final class Dense {

    private Dense() {
    }

    static void forward(float[] z, float[] x, float[] params, int wOffset, int bOffset, int rows, int in, int out) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(params, bOffset, z, r * out, out);
        }
        Matrices.multiply(z, 0, x, 0, params, wOffset, rows, in, out, true);
    }

    /** dW = xᵀ·dZ and db = Σ_rows dZ, written over {@code grads}. */
    static void weightGradient(float[] grads, int wOffset, int bOffset, float[] dZ, float[] x, int rows, int in, int out) {
        Matrices.multiplyTransposedA(grads, wOffset, x, 0, dZ, 0, in, rows, out, false);
        biasGradient(grads, bOffset, dZ, rows, out, false);
    }

    /** db = Σ_rows dZ, written over grads[bOffset..] or, with {@code accumulate}, added to it. */
    static void biasGradient(float[] grads, int bOffset, float[] dZ, int rows, int out, boolean accumulate) {
        int r = 0;
        if (!accumulate) {
            System.arraycopy(dZ, 0, grads, bOffset, out);
            r = 1;
        }
        for (; r < rows; r++) {
            int row = r * out;
            for (int j = 0; j < out; j++) {
                grads[bOffset + j] += dZ[row + j];
            }
        }
    }

    /** dX = dZ·Wᵀ, (rows, in). */
    static void inputGradient(float[] dX, float[] dZ, float[] params, int wOffset, int rows, int in, int out) {
        Matrices.multiplyTransposedB(dX, 0, dZ, 0, params, wOffset, rows, out, in, false);
    }
}
