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

    /**
     * Writes this batch's dW and db into {@code grads} (overwriting: no pass to zero them first; later
     * terms such as an L2 penalty add to them), and writes dX unless {@code dX} is null (the first layer
     * has no layer below).
     */
    static void backward(float[] dX, float[] grads, int wOffset, int bOffset, float[] dZ, float[] x, float[] params,
                         int rows, int in, int out) {
        Matrices.multiplyTransposedA(grads, wOffset, x, 0, dZ, 0, in, rows, out, false);
        System.arraycopy(dZ, 0, grads, bOffset, out);
        for (int r = 1; r < rows; r++) {
            int row = r * out;
            for (int j = 0; j < out; j++) {
                grads[bOffset + j] += dZ[row + j];
            }
        }
        if (dX != null) {
            Matrices.multiplyTransposedB(dX, 0, dZ, 0, params, wOffset, rows, out, in, false);
        }
    }
}
