package io.tickstream.push.channel;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A subscriber that keeps every message it is given, parsed, on the caller's thread. */
final class RecordingSubscriber implements Subscriber {

    final List<JsonNode> starts = new ArrayList<>();
    final List<ChannelUpdate> updates = new ArrayList<>();

    @Override
    public void deliver(ChannelUpdate update) {
        updates.add(update);
    }

    @Override
    public void start(byte[] frame, String offset) {
        starts.add(Frames.json().readTree(frame));
    }

    JsonNode lastStart() {
        return starts.getLast();
    }

    JsonNode lastUpdate() {
        return Frames.json().readTree(updates.getLast().full());
    }
}
