public import KMIP
public import KMIPSpec
public import KMIPTLS
public import TTLV

/// Where and how a client connects.
public struct KMIPClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// TLS settings; `nil` only with `allowPlaintext` (tests, or a TLS-terminating proxy).
    public var tls: TLSConfiguration?
    /// Send requests without TLS. Off unless set explicitly.
    public var allowPlaintext = false
    /// The name to verify the server's certificate against (default: `host`).
    public var serverName: String?
    /// A pinned protocol version; `nil` negotiates with Discover Versions on first use.
    public var version: KMIPVersion?
    /// Time to connect and complete the TLS handshake.
    public var connectTimeout: Duration = .seconds(10)
    /// Time for one request to be answered.
    public var requestTimeout: Duration = .seconds(30)
    /// Most connections kept open at once; concurrent requests beyond it wait.
    public var maximumConnections = 8
    /// Limits for reading responses.
    public var decodingOptions = TTLVDecodingOptions()
    /// KMIP over HTTPS (the profiles' HTTPS Client): each request is POSTed to this path (e.g.
    /// `/kmip`) as `application/octet-stream`; nil speaks TTLV straight over TLS.
    public var httpsPath: String?
    /// Credentials every request carries in its header's Authentication (a Username and
    /// Password many servers require, a Ticket from `login`); a request message built with its
    /// own Authentication keeps it.
    public var credentials: [Credential] = []

    /// A client of `host:port` over mutual TLS.
    public init(host: String, port: Int = 5696, tls: TLSConfiguration) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// A client of `host:port` without TLS; the name says what it is.
    public static func plaintext(host: String, port: Int) -> KMIPClientConfiguration {
        var configuration = KMIPClientConfiguration(host: host, port: port, tls: .client())
        configuration.tls = nil
        configuration.allowPlaintext = true
        return configuration
    }
}
