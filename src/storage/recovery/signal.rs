//! Flushing the journal when the process is asked to stop (SIGTERM: a
//! logout, a system shutdown, `kill`), so a polite stop loses nothing.

use signal_hook::consts::SIGTERM;
use signal_hook::iterator::Signals;

use super::{RecoveryError, WriterHandle};

/// The exit code of a process ended by SIGTERM (128 + 15), kept so callers
/// and scripts see the usual code.
pub const SIGTERM_EXIT_CODE: i32 = 143;

/// On SIGTERM, writes everything `writer` has pending and exits the process
/// with code 143. Runs on its own thread; call once at start-up.
pub fn write_on_sigterm(writer: WriterHandle) -> Result<(), RecoveryError> {
    let mut signals = Signals::new([SIGTERM]).map_err(RecoveryError::Signal)?;
    std::thread::Builder::new()
        .name("copydesk-sigterm".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                // Hold the gate until exit: an update handed over after the
                // flush began would be reported as kept but never written.
                let _gate = writer.close_gate();
                // There is nowhere left to report a failure; the journal
                // keeps whatever the last good write left.
                let _ = writer.flush();
                std::process::exit(SIGTERM_EXIT_CODE);
            }
        })
        .map_err(RecoveryError::Thread)?;
    Ok(())
}
