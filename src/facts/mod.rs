pub mod quotes;
