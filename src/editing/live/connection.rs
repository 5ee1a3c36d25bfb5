//! The websocket to a room, on a thread of its own: it connects (TLS for
//! `wss://` through the system's OpenSSL, which git already links),
//! passes binary messages both ways and, when the line drops, connects
//! again with backoff (0.1 s doubling to 2.5 s, as y-websocket clients do).
//! It knows nothing of Yjs: the replica on the window's thread speaks the
//! protocol, so the document is never shared between threads.
//!
//! It counts with [`Jobs`] only while it has work in hand (connecting,
//! a message to write), never while it waits on an idle socket, so
//! `settle()` does not wait on the room forever.

use std::io::ErrorKind;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use tungstenite::client::IntoClientRequest;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{HandshakeError, Message, WebSocket};

use super::LiveError;
use crate::editing::background::{Jobs, Ticket};

const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const LAST_BACKOFF: Duration = Duration::from_millis(2500);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the owner is woken to renew this editor's presence.
const RENEW_WAKE: Duration = Duration::from_secs(15);
/// How long a read waits before the thread looks for messages to write.
const POLL: Duration = Duration::from_millis(10);

/// What the connection tells its owner.
#[derive(Debug)]
pub enum Event {
    /// Connected (again): say hello.
    Connected,
    /// A message from the room.
    Message(Vec<u8>),
    /// The line dropped; it will try again.
    Offline(String),
    /// The address is no Yjs server: it stopped trying.
    Failed(LiveError),
}

/// A message waiting to be written, counted as work in hand.
struct Outgoing(Vec<u8>, Ticket);

pub struct Connection {
    outgoing: mpsc::Sender<Outgoing>,
    events: mpsc::Receiver<Event>,
    stop: Arc<AtomicBool>,
    jobs: Jobs,
}

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

impl Connection {
    /// Starts connecting to `url` (the room's address).
    pub fn open(url: &str, jobs: &Jobs) -> Connection {
        let (outgoing, queue) = mpsc::channel();
        let (sender, events) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let worker =
            Worker { url: url.to_string(), queue, events: sender, stop: stop.clone(), jobs: jobs.clone() };
        let spawned = std::thread::Builder::new().name("copydesk-live".into()).spawn(move || worker.run());
        if spawned.is_err() {
            // No thread: the events channel is closed, which reads as offline.
        }
        Connection { outgoing, events, stop, jobs: jobs.clone() }
    }

    /// Queues `message` to be written (dropped while offline: the next
    /// connection's sync sends whatever the room lacks).
    pub fn send(&self, message: Vec<u8>) {
        let _ = self.outgoing.send(Outgoing(message, self.jobs.ticket()));
    }

    /// What happened since last asked.
    pub fn events(&self) -> Vec<Event> {
        self.events.try_iter().collect()
    }

    /// Asks the thread to close the socket and stop.
    pub fn close(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.close();
    }
}

struct Worker {
    url: String,
    queue: mpsc::Receiver<Outgoing>,
    events: mpsc::Sender<Event>,
    stop: Arc<AtomicBool>,
    jobs: Jobs,
}

enum Ended {
    Stopped,
    Dropped(String),
}

impl Worker {
    fn tell(&self, event: Event) -> bool {
        let sent = self.events.send(event).is_ok();
        self.jobs.wake();
        sent
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn run(self) {
        let mut backoff = FIRST_BACKOFF;
        while !self.stopped() {
            let ticket = self.jobs.ticket();
            match connect(&self.url) {
                Ok(socket) => {
                    backoff = FIRST_BACKOFF;
                    // Messages queued while offline are stale: the sync
                    // that follows sends what the room lacks.
                    while self.queue.try_recv().is_ok() {}
                    if !self.tell(Event::Connected) {
                        return;
                    }
                    drop(ticket);
                    match self.serve(socket) {
                        Ended::Stopped => return,
                        Ended::Dropped(why) => {
                            if !self.tell(Event::Offline(why)) {
                                return;
                            }
                        }
                    }
                }
                Err(Failure::Permanent(error)) => {
                    self.tell(Event::Failed(error));
                    return;
                }
                Err(Failure::Transient(why)) => {
                    drop(ticket);
                    if !self.tell(Event::Offline(why)) {
                        return;
                    }
                }
            }
            // Wait, in short steps so a stop is quick.
            let mut waited = Duration::ZERO;
            while waited < backoff && !self.stopped() {
                std::thread::sleep(Duration::from_millis(20));
                waited += Duration::from_millis(20);
                while self.queue.try_recv().is_ok() {}
            }
            backoff = (backoff * 2).min(LAST_BACKOFF);
        }
    }

    fn serve(&self, mut socket: Socket) -> Ended {
        let mut woken = std::time::Instant::now();
        loop {
            // An idle window draws no frames; presence must still be
            // renewed (peers forget one silent for 30 seconds).
            if woken.elapsed() >= RENEW_WAKE {
                woken = std::time::Instant::now();
                self.jobs.wake();
            }
            if self.stopped() {
                let _ = socket.close(None);
                let _ = socket.flush();
                return Ended::Stopped;
            }
            loop {
                match self.queue.try_recv() {
                    Ok(Outgoing(message, ticket)) => {
                        let sent = socket.send(Message::Binary(message.into()));
                        drop(ticket);
                        if let Err(error) = sent {
                            return Ended::Dropped(error.to_string());
                        }
                    }
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        let _ = socket.close(None);
                        return Ended::Stopped;
                    }
                }
            }
            match socket.read() {
                Ok(Message::Binary(data)) => {
                    if !self.tell(Event::Message(data.to_vec())) {
                        return Ended::Stopped;
                    }
                }
                Ok(Message::Close(_)) => return Ended::Dropped("the server closed the connection".into()),
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(error) => return Ended::Dropped(error.to_string()),
            }
        }
    }
}

enum Failure {
    /// Try again later (the server is down, the network is).
    Transient(String),
    /// The address answers, but not as a Yjs websocket server.
    Permanent(LiveError),
}

fn connect(url: &str) -> Result<Socket, Failure> {
    let not_yjs = |why: String| Failure::Permanent(LiveError::NotYjsServer(url.to_string(), why));
    let request =
        url.into_client_request().map_err(|_| Failure::Permanent(LiveError::BadAddress(url.into())))?;
    let uri = request.uri();
    let tls = uri.scheme_str() == Some("wss");
    let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_string();
    let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
    let addresses =
        (host.as_str(), port).to_socket_addrs().map_err(|e| Failure::Transient(format!("{host}: {e}")))?;
    let mut last = format!("{host}: no address");
    let mut stream = None;
    for address in addresses {
        match TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = format!("{address}: {e}"),
        }
    }
    let stream = stream.ok_or(Failure::Transient(last))?;
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(CONNECT_TIMEOUT));
    let _ = stream.set_write_timeout(Some(CONNECT_TIMEOUT));
    let socket = match tungstenite::client_tls_with_config(request, stream, None, None) {
        Ok((socket, _)) => socket,
        Err(HandshakeError::Failure(tungstenite::Error::Http(response))) => {
            return Err(not_yjs(format!(
                "it answered HTTP {} instead of opening a websocket",
                response.status()
            )));
        }
        Err(HandshakeError::Failure(
            error @ (tungstenite::Error::Protocol(_)
            | tungstenite::Error::HttpFormat(_)
            | tungstenite::Error::Url(_)),
        )) => {
            return Err(not_yjs(error.to_string()));
        }
        Err(HandshakeError::Failure(error)) => return Err(Failure::Transient(error.to_string())),
        Err(HandshakeError::Interrupted(_)) => {
            return Err(Failure::Transient("the handshake timed out".into()));
        }
    };
    let tcp = match socket.get_ref() {
        MaybeTlsStream::Plain(s) => Some(s),
        MaybeTlsStream::NativeTls(s) => Some(s.get_ref()),
        _ => None,
    };
    if let Some(tcp) = tcp {
        let _ = tcp.set_read_timeout(Some(POLL));
    }
    Ok(socket)
}
