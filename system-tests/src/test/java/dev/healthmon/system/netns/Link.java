package dev.healthmon.system.netns;

/** A veth pair of a {@link NetworkLab} between two namespaces, each end with its address in a /30. */
public record Link(Namespace left, Namespace right, String leftDevice, String rightDevice, String leftAddress,
        String rightAddress) {

    /** The address of the end of this link inside {@code namespace}. */
    public String addressIn(Namespace namespace) {
        if (namespace == left) {
            return leftAddress;
        }
        if (namespace == right) {
            return rightAddress;
        }
        throw new IllegalArgumentException(namespace + " is not an end of this link");
    }

    /** The address of the far end, as seen from {@code namespace}: its gateway to what lies beyond. */
    public String peerOf(Namespace namespace) {
        return addressIn(namespace == left ? right : left);
    }
}
