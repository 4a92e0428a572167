package io.backprop.training;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** This process's name in job leases: the host, and a random part so that restarts never collide. */
@Component
class TrainingInstance {

    private final String id;

    TrainingInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        this.id = host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    String id() {
        return id;
    }
}
