package io.backprop.engine;

/**
 * Trains 784-256-128-10 (relu, relu, softmax, cross-entropy) on Fashion-MNIST in process, as a job does,
 * after the service's own warm-up, and prints each epoch's time; run with -Dbackprop.profileStep=true (as
 * bench/step-phases.sh does), the JVM then prints at exit where the steps' time went, phase by phase and
 * part by part. Arguments: optimizer (sgd), batch size (128), runs (2) of 3 epochs, each on a new network.
 */
public class StepPhases {

    public static void main(String[] args) throws Exception {
        String optimizerName = args.length > 0 ? args[0] : "sgd";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        var data = new FashionMnistData();
        long started = System.nanoTime();
        String tuned = Warmup.run(1000); // as the service does at start-up; the profile forgets these steps
        System.out.printf("warm-up %.1f s; %s%n", (System.nanoTime() - started) / 1e9, tuned);
        var spec = FashionMnistData.network();
        float learningRate = optimizerName.equals("adam") ? 0.001f : 0.1f;
        for (int run = 1; run <= runs; run++) {
            var network = Network.initialize(spec, run);
            var optimizer = Optimizers.create(OptimizerOptions.defaults(optimizerName), network.parameters().length);
            var epochs = new StringBuilder();
            new Trainer(network, optimizer).fit(data.x, data.y, FashionMnistData.ROWS,
                    new TrainingOptions(3, learningRate, batch, true, run), epoch -> epochs.append(' ').append(epoch.millis()),
                    () -> false);
            System.out.printf("%s lr %s batch %d, run %d: epochs%s ms%n", optimizerName, learningRate, batch, run, epochs);
        }
    }
}
