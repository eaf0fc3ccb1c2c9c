//! What a PDF says, as plain data: a title, a running header and blocks of text and tables.
//! Callers build a [`Document`]; [`super::render`] lays it out and writes the PDF.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The PDF's title (its metadata).
    pub title: String,
    /// Repeated at the top of every page.
    pub header: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    /// Label and value pairs, the label in bold.
    Fields(Vec<(String, String)>),
    /// A table: rows break across pages and the column titles repeat on each page.
    Table(Table),
    /// Start a new page unless the current one is empty.
    PageBreak,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width: a column of 2 is twice as wide as a column of 1.
    pub width: f32,
}

impl Column {
    pub fn new(title: &str, width: f32) -> Self {
        Self {
            title: title.to_owned(),
            width,
        }
    }
}

impl Document {
    pub fn new(title: &str, header: &str) -> Self {
        Self {
            title: title.to_owned(),
            header: header.to_owned(),
            blocks: Vec::new(),
        }
    }

    pub fn heading(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Heading(text.into()));
        self
    }

    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    pub fn fields(&mut self, fields: Vec<(String, String)>) -> &mut Self {
        self.blocks.push(Block::Fields(fields));
        self
    }

    pub fn table(&mut self, columns: Vec<Column>, rows: Vec<Vec<String>>) -> &mut Self {
        self.blocks.push(Block::Table(Table { columns, rows }));
        self
    }

    pub fn page_break(&mut self) -> &mut Self {
        self.blocks.push(Block::PageBreak);
        self
    }
}
