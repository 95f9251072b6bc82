//! Geography and calendars, as tables: the zones of countries and regions, area codes, calling
//! codes, postal codes and public holidays. The lowest layer: it knows nothing of attempts.

mod country;
pub mod holidays;
pub mod zones;

pub use country::Country;
