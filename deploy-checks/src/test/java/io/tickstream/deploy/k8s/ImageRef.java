package io.tickstream.deploy.k8s;

/**
 * A container image reference split into name, tag and digest, e.g.
 * {@code localhost:5001/tickstream/gateway:0.1.0} (the registry's port is part of the name).
 */
public record ImageRef(String name, String tag, String digest) {

    public static ImageRef parse(String image) {
        String digest = null;
        int at = image.indexOf('@');
        if (at >= 0) {
            digest = image.substring(at + 1);
            image = image.substring(0, at);
        }
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new ImageRef(image.substring(0, colon), image.substring(colon + 1), digest);
        }
        return new ImageRef(image, null, digest);
    }

    ImageRef retagged(String newName, String newTag, String newDigest) {
        if (newDigest != null) {
            return new ImageRef(newName != null ? newName : name, null, newDigest);
        }
        return new ImageRef(newName != null ? newName : name, newTag != null ? newTag : tag, digest);
    }

    /** A tag other than {@code latest}, or a digest. */
    public boolean pinned() {
        return digest != null || (tag != null && !tag.isBlank() && !tag.equals("latest"));
    }

    @Override
    public String toString() {
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
