public import KMIPTLS
public import NIOCore
public import TTLV

/// Pipelines for KMIP over TCP: TLS (unless explicitly plaintext), then TTLV framing.
public enum KMIPChannels {
    /// How a connection is secured.
    public enum Security: Sendable {
        /// TLS with this context; clients verify the server against `serverName`.
        case tls(TLSContext, serverName: String?)
        /// No TLS at all. Only for tests and for a proxy that terminates TLS in front.
        case plaintext
    }

    /// Adds the TLS handler (when secured) and the frame decoder to a channel's pipeline;
    /// `beforeFraming` may add handlers that see the plaintext byte stream between the two.
    public static func configure(
        _ channel: any Channel, security: Security, options: TTLVDecodingOptions,
        beforeFraming: (ChannelPipeline.SynchronousOperations) throws -> Void = { _ in }
    ) throws {
        let operations = channel.pipeline.syncOperations
        if case .tls(let context, let serverName) = security {
            try operations.addHandler(TLSHandler(context: context, serverName: serverName))
        }
        try beforeFraming(operations)
        try operations.addHandler(ByteToMessageHandler(TTLVFrameDecoder(options: options), maximumBufferSize: options.maxMessageBytes))
    }
}
