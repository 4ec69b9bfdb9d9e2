internal import COpenSSL
public import NIOCore

/// What a TLS handler tells the rest of the pipeline.
public enum TLSEvent: Sendable {
    /// The handshake finished; application data can flow.
    case handshakeCompleted(TLSConnectionInfo)
}

/// The outcome of a handshake.
public struct TLSConnectionInfo: Hashable, Sendable {
    /// `TLSv1.3` or `TLSv1.2`.
    public var protocolVersion: String
    /// The negotiated cipher suite (OpenSSL name).
    public var cipherSuite: String
    /// The peer's verified certificate, when it presented one.
    public var peerCertificate: PeerCertificate?
}

/// Runs OpenSSL over memory BIOs inside a SwiftNIO pipeline, as a client or a server.
///
/// Ciphertext from the network goes into OpenSSL's read BIO; plaintext comes out of
/// `SSL_read` and goes up the pipeline. Plaintext writes go into `SSL_write`; the write BIO's
/// ciphertext goes to the network on flush. Writes made before the handshake completes wait
/// for it. Closing sends close_notify. Failures are `TLSError`s with OpenSSL's reasons, fired
/// down the pipeline before the channel closes. Nothing here blocks, and OpenSSL never touches
/// the socket, so there is no SIGPIPE.
public final class TLSHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private enum State {
        case idle
        case handshaking
        case active
        case closing
        case closed
    }

    private let tlsContext: TLSContext
    private let serverName: String?
    private var ssl: OpaquePointer?
    private var readBIO: OpaquePointer?
    private var writeBIO: OpaquePointer?
    private var state = State.idle
    private var receivedCloseNotify = false
    /// Plaintext written before the handshake finished, with its promises.
    private var pendingWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    /// Promises of plaintext already given to OpenSSL, completed when its ciphertext is written.
    private var unflushedPromises: [EventLoopPromise<Void>] = []

    /// What the handshake negotiated, once it has completed.
    public private(set) var connectionInfo: TLSConnectionInfo?

    /// A handler for one connection.
    ///
    /// - Parameters:
    ///   - context: the shared configuration.
    ///   - serverName: clients only: the host name or IP address to verify the server's
    ///     certificate against (and to send as SNI when it is a name).
    public init(context: TLSContext, serverName: String? = nil) {
        self.tlsContext = context
        self.serverName = serverName
    }

    deinit {
        if let ssl { SSL_free(ssl) }
    }

    // MARK: Lifecycle

    public func handlerAdded(context: ChannelHandlerContext) {
        do {
            try makeSSL()
        } catch {
            state = .closed
            context.fireErrorCaught(error)
            context.close(promise: nil)
            return
        }
        if context.channel.isActive { startHandshake(context: context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        startHandshake(context: context)
        context.fireChannelActive()
    }

    private func makeSSL() throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(tlsContext.context), let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
            throw .openSSL(.configuration, "creating a TLS connection")
        }
        _ = kmip_BIO_eof_returns_retry(readBIO)
        SSL_set_bio(ssl, readBIO, writeBIO)
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        if tlsContext.configuration.role == .client {
            SSL_set_connect_state(ssl)
            if let serverName, tlsContext.configuration.verifyHostname {
                if isIPAddress(serverName) {
                    guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName) == 1 else {
                        throw .openSSL(.configuration, "setting the IP address to verify: \(serverName)")
                    }
                } else {
                    guard SSL_set1_host(ssl, serverName) == 1, kmip_SSL_set_tlsext_host_name(ssl, serverName) == 1 else {
                        throw .openSSL(.configuration, "setting the host name to verify: \(serverName)")
                    }
                }
            }
        } else {
            SSL_set_accept_state(ssl)
        }
    }

    private func isIPAddress(_ text: String) -> Bool {
        guard let parsed = a2i_IPADDRESS(text) else {
            ERR_clear_error()
            return false
        }
        ASN1_OCTET_STRING_free(parsed)
        return true
    }

    private func startHandshake(context: ChannelHandlerContext) {
        guard state == .idle else { return }
        state = .handshaking
        // A client speaks first; a server waits for the ClientHello.
        if tlsContext.configuration.role == .client { doHandshake(context: context) }
    }

    // MARK: Inbound

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard state != .closed, let readBIO else { return }
        while buffer.readableBytes > 0 {
            let written = buffer.withUnsafeReadableBytes { BIO_write(readBIO, $0.baseAddress, Int32(clamping: $0.count)) }
            guard written > 0 else {
                fail(.openSSL(.ioFailed, "buffering received data"), context: context)
                return
            }
            buffer.moveReaderIndex(forwardBy: Int(written))
        }
        switch state {
        case .idle:
            state = .handshaking
            doHandshake(context: context)
        case .handshaking:
            doHandshake(context: context)
        case .active, .closing:
            readPlaintext(context: context)
        case .closed:
            break
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        let previous = state
        state = .closed
        let error: TLSError? = switch previous {
        case .handshaking, .idle: TLSError(.handshakeFailed, operation: "the peer closed the connection during the handshake")
        case .active where !receivedCloseNotify: TLSError(.uncleanShutdown, operation: "the peer closed the connection without a TLS close_notify")
        default: nil
        }
        failPending(error ?? TLSError(.ioFailed, operation: "the connection closed"))
        if let error { context.fireErrorCaught(error) }
        context.fireChannelInactive()
    }

    private func doHandshake(context: ChannelHandlerContext) {
        guard let ssl else { return }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            state = .active
            connectionInfo = Self.info(ssl)
            if tlsContext.configuration.role == .server {
                // OpenSSL refuses a client's renegotiation; this marks the attempt (in the
                // connection's app data) so that the handler can say so and close.
                SSL_set_info_callback(ssl) { ssl, type, _ in
                    if type & SSL_CB_HANDSHAKE_START != 0, let ssl { SSL_set_ex_data(ssl, 0, UnsafeMutableRawPointer(bitPattern: 1)) }
                }
            }
            flushCiphertext(context: context, promise: nil)
            if let connectionInfo { context.fireUserInboundEventTriggered(TLSEvent.handshakeCompleted(connectionInfo)) }
            let writes = pendingWrites
            pendingWrites = []
            for (buffer, promise) in writes { writePlaintext(buffer, promise: promise, context: context) }
            if !writes.isEmpty { flushCiphertext(context: context, promise: nil) }
            readPlaintext(context: context)
            return
        }
        let code = SSL_get_error(ssl, result)
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE {
            flushCiphertext(context: context, promise: nil)
            return
        }
        var extra: [String] = []
        let verify = SSL_get_verify_result(ssl)
        if verify != X509_V_OK, let text = X509_verify_cert_error_string(verify) { extra.append(String(cString: text)) }
        let error = TLSError.openSSL(.handshakeFailed, "handshake with \(serverName ?? "the peer")", extra: extra)
        // Send the alert that tells the peer why, then close.
        flushCiphertext(context: context, promise: nil)
        fail(error, context: context)
    }

    /// Reads every plaintext record OpenSSL can produce from what has arrived.
    private func readPlaintext(context: ChannelHandlerContext) {
        guard let ssl else { return }
        while state == .active || state == .closing {
            var buffer = context.channel.allocator.buffer(capacity: 16_384)
            var readCount = 0
            ERR_clear_error()
            let result = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 16_384) { pointer in
                SSL_read_ex(ssl, pointer.baseAddress, pointer.count, &readCount) == 1 ? readCount : 0
            }
            if result > 0 {
                context.fireChannelRead(wrapInboundOut(buffer))
                // Only try again when OpenSSL holds more: a decrypted record, or ciphertext.
                if SSL_pending(ssl) > 0 || (readBIO.map { BIO_ctrl_pending($0) } ?? 0) > 0 { continue }
                flushCiphertext(context: context, promise: nil)
                return
            }
            let code = SSL_get_error(ssl, 0)
            if SSL_get_ex_data(ssl, 0) != nil {
                flushCiphertext(context: context, promise: nil)  // the no_renegotiation alert
                fail(TLSError(.renegotiationRefused, operation: "the peer asked to renegotiate TLS, which this server refuses"), context: context)
                return
            }
            switch code {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                flushCiphertext(context: context, promise: nil)  // e.g. a TLS 1.3 KeyUpdate reply
                return
            case SSL_ERROR_ZERO_RETURN:
                receivedCloseNotify = true
                if state == .active {
                    state = .closing
                    SSL_shutdown(ssl)
                    flushCiphertext(context: context, promise: nil)
                }
                state = .closed
                context.close(promise: nil)
                return
            default:
                fail(.openSSL(.ioFailed, "reading from \(serverName ?? "the peer")"), context: context)
                return
            }
        }
    }

    // MARK: Outbound

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        switch state {
        case .idle, .handshaking:
            pendingWrites.append((buffer, promise))
        case .active:
            writePlaintext(buffer, promise: promise, context: context)
        case .closing, .closed:
            promise?.fail(TLSError(.ioFailed, operation: "writing after the connection closed"))
        }
    }

    public func flush(context: ChannelHandlerContext) {
        if state == .active { flushCiphertext(context: context, promise: nil) }
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode != .input else {
            context.close(mode: mode, promise: promise)
            return
        }
        if state == .active, let ssl {
            state = .closing
            ERR_clear_error()
            SSL_shutdown(ssl)
            flushCiphertext(context: context, promise: nil)
        }
        state = .closed
        failPending(TLSError(.ioFailed, operation: "the connection closed"))
        context.close(mode: .all, promise: promise)
    }

    private func writePlaintext(_ buffer: ByteBuffer, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        guard let ssl else { return }
        var buffer = buffer
        while buffer.readableBytes > 0 {
            var written = 0
            ERR_clear_error()
            let ok = buffer.withUnsafeReadableBytes { SSL_write_ex(ssl, $0.baseAddress, $0.count, &written) }
            guard ok == 1 else {
                let error = TLSError.openSSL(.ioFailed, "writing to \(serverName ?? "the peer")")
                promise?.fail(error)
                fail(error, context: context)
                return
            }
            buffer.moveReaderIndex(forwardBy: written)
        }
        if let promise { unflushedPromises.append(promise) }
    }

    /// Sends whatever ciphertext OpenSSL has produced; completes the promises of the
    /// plaintext it carries once the network write completes.
    private func flushCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let writeBIO, BIO_ctrl_pending(writeBIO) > 0 else {
            let promises = unflushedPromises
            unflushedPromises.removeAll(keepingCapacity: true)
            promises.forEach { $0.succeed() }
            promise?.succeed()
            return
        }
        var ciphertext = context.channel.allocator.buffer(capacity: Int(BIO_ctrl_pending(writeBIO)))
        while BIO_ctrl_pending(writeBIO) > 0 {
            let pending = Int(BIO_ctrl_pending(writeBIO))
            ciphertext.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { pointer in
                max(0, Int(BIO_read(writeBIO, pointer.baseAddress, Int32(clamping: pending))))
            }
        }
        // One promise for the write: the only waiting one as it is (the usual case), else one
        // that completes them all.
        let writePromise: EventLoopPromise<Void>?
        switch (unflushedPromises.count, promise) {
        case (0, let promise):
            writePromise = promise
        case (1, nil):
            writePromise = unflushedPromises[0]
        default:
            let combined = context.eventLoop.makePromise(of: Void.self)
            for waiting in unflushedPromises { combined.futureResult.cascade(to: waiting) }
            if let promise { combined.futureResult.cascade(to: promise) }
            writePromise = combined
        }
        unflushedPromises.removeAll(keepingCapacity: true)
        context.writeAndFlush(wrapOutboundOut(ciphertext), promise: writePromise)
    }

    // MARK: Failure

    private func fail(_ error: TLSError, context: ChannelHandlerContext) {
        guard state != .closed else { return }
        state = .closed
        failPending(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    private func failPending(_ error: TLSError) {
        let writes = pendingWrites
        pendingWrites = []
        writes.forEach { $0.1?.fail(error) }
        let promises = unflushedPromises
        unflushedPromises = []
        promises.forEach { $0.fail(error) }
    }

    private static func info(_ ssl: OpaquePointer) -> TLSConnectionInfo {
        let version = SSL_get_version(ssl).map { String(cString: $0) } ?? "unknown"
        let cipher = SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } ?? "unknown"
        var peer: PeerCertificate?
        if let certificate = SSL_get1_peer_certificate(ssl) {
            peer = PeerCertificate(x509: certificate)
            X509_free(certificate)
        }
        return TLSConnectionInfo(protocolVersion: version, cipherSuite: cipher, peerCertificate: peer)
    }
}

@available(*, unavailable)
extension TLSHandler: Sendable {}
