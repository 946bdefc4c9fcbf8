package io.toolgate.gateway.files.extract;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Spreadsheets: per sheet its name, row and column counts, the header row and a few sample rows, cells as Excel
 * shows them (formulas by their cached results). XLSX is streamed (POI's event API: {@link XSSFReader} and a SAX
 * sheet handler), never built as a workbook in memory, and read up to {@code max-cells} cells, after which
 * counting stops and the model is told; shared strings are sampled ({@link SampledSharedStrings}). Legacy XLS
 * (at most 65,536 rows by 256 columns) is opened read-only with POI's usermodel, within the same cell budget.
 */
final class SpreadsheetExtractor implements FormatExtractor {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	static final String XLS = "application/vnd.ms-excel";

	/** Shared strings kept for the samples: far more than a header and a few rows can refer to. */
	private static final int SAMPLED_STRINGS = 20_000;

	private final int sampleRows;

	SpreadsheetExtractor(int sampleRows) {
		this.sampleRows = sampleRows;
	}

	@Override
	public boolean accepts(String mediaType, String filename) {
		return XLSX.equals(mediaType) || XLS.equals(mediaType);
	}

	@Override
	public void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception {
		if (!isZip(file)) {
			legacy(file, out, budget);
			return;
		}
		DataFormatter formatter = new DataFormatter();
		try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
			XSSFReader reader = new XSSFReader(pkg);
			SharedStrings strings;
			try (InputStream xml = reader.getSharedStringsData()) {
				strings = xml == null ? new SampledSharedStrings(InputStream.nullInputStream(), 0, 0, budget)
						: new SampledSharedStrings(xml, SAMPLED_STRINGS, Math.max(out.remaining(), 1_000), budget);
			}
			catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException noStrings) {
				strings = new SampledSharedStrings(InputStream.nullInputStream(), 0, 0, budget);
			}
			var styles = reader.getStylesTable();
			List<SheetSummary> sheets = new ArrayList<>();
			XSSFReader.SheetIterator iterator = reader.getSheetIterator();
			boolean stopped = false;
			List<String> unread = new ArrayList<>();
			while (iterator.hasNext()) {
				try (InputStream xml = iterator.next()) {
					String name = iterator.getSheetName();
					if (stopped) {
						unread.add(name);
						continue;
					}
					budget.check();
					SheetSummary sheet = new SheetSummary(name, sampleRows);
					XMLReader parser = XMLHelper.newXMLReader();
					parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, sheet.counter(budget),
							formatter, false));
					try {
						parser.parse(new InputSource(xml));
					}
					catch (ReadingStopped enough) {
						sheet.stopped = true;
						stopped = true;
					}
					sheets.add(sheet);
				}
			}
			int total = sheets.size() + unread.size();
			out.line("Spreadsheet, " + total + (total == 1 ? " sheet." : " sheets."));
			for (int s = 0; s < sheets.size(); s++) {
				if (out.full()) {
					out.omitted((sheets.size() - s) + " more sheets");
					break;
				}
				sheets.get(s).describe(out, budget.limits().maxCells());
			}
			if (!unread.isEmpty()) {
				out.line("Sheets not read (the limit of " + String.format("%,d", budget.limits().maxCells())
						+ " cells was reached): " + String.join(", ", unread.stream().map(n -> '"' + n + '"').toList()) + ".");
			}
		}
	}

	private static boolean isZip(Path file) throws java.io.IOException {
		try (InputStream in = java.nio.file.Files.newInputStream(file)) {
			byte[] head = in.readNBytes(2);
			return head.length == 2 && head[0] == 'P' && head[1] == 'K';
		}
	}

	/** What the model is told about one sheet, gathered while its XML streams by. */
	private static final class SheetSummary {

		final String name;

		final int sampleRows;

		final List<String> header = new ArrayList<>();

		final List<String> samples = new ArrayList<>();

		long rows;

		int columns;

		boolean stopped;

		SheetSummary(String name, int sampleRows) {
			this.name = name;
			this.sampleRows = sampleRows;
		}

		XSSFSheetXMLHandler.SheetContentsHandler counter(ExtractionBudget budget) {
			return new XSSFSheetXMLHandler.SheetContentsHandler() {

				private final List<String> cells = new ArrayList<>();

				private boolean filled;

				private int row;

				@Override
				public void startRow(int rowNum) {
					row = rowNum;
					cells.clear();
					filled = false;
				}

				@Override
				public void endRow(int rowNum) {
					if (!filled) {
						return;
					}
					rows++;
					columns = Math.max(columns, cells.size());
					if (rows == 1) {
						header.addAll(cells);
					}
					else if (samples.size() < sampleRows) {
						samples.add("Row " + (row + 1) + ": " + String.join(" | ", cells));
					}
				}

				@Override
				public void cell(String reference, String value, XSSFComment comment) {
					if (!budget.cell()) {
						throw new ReadingStopped();
					}
					String text = value == null ? "" : value.strip();
					if (text.isEmpty()) {
						return;
					}
					filled = true;
					// Only rows that are shown keep their cells; the others are only counted.
					int column = reference == null ? cells.size() : new CellReference(reference).getCol();
					if (rows < sampleRows + 1 && column < 1_000) {
						while (cells.size() < column) {
							cells.add("");
						}
						cells.add(text.length() > 200 ? text.substring(0, 200) + "..." : text);
					}
					else {
						columns = Math.max(columns, column + 1);
					}
				}
			};
		}

		void describe(Excerpt out, long maxCells) {
			String counted = stopped ? "at least " : "";
			out.line("Sheet \"" + name + "\": " + counted + rows + " rows"
					+ (rows == 0 ? "" : " (1 header row + " + counted + (rows - 1) + " data rows)") + ", " + columns
					+ " columns" + (stopped ? " (counting stopped after " + String.format("%,d", maxCells)
							+ " cells, the limit of one file)" : "")
					+ ".");
			if (rows == 0) {
				return;
			}
			out.line("Header: " + String.join(" | ", header));
			samples.forEach(out::line);
			long more = rows - 1 - samples.size();
			if (more > 0) {
				out.line("(" + (stopped ? "at least " : "") + more + " more data rows)");
			}
		}
	}

	/** XLS through POI's usermodel (the format caps a sheet at 65,536 x 256 cells), within the cell budget. */
	private void legacy(Path file, Excerpt out, ExtractionBudget budget) throws Exception {
		DataFormatter formatter = new DataFormatter();
		formatter.setUseCachedValuesForFormulaCells(true);
		try (Workbook workbook = WorkbookFactory.create(file.toFile(), null, true)) {
			int sheets = workbook.getNumberOfSheets();
			out.line("Spreadsheet, " + sheets + (sheets == 1 ? " sheet." : " sheets."));
			for (int s = 0; s < sheets; s++) {
				if (out.full()) {
					out.omitted((sheets - s) + " more sheets");
					return;
				}
				budget.check();
				describe(workbook.getSheetAt(s), formatter, out, budget);
			}
		}
	}

	private void describe(Sheet sheet, DataFormatter formatter, Excerpt out, ExtractionBudget budget) {
		List<Row> rows = new ArrayList<>();
		int columns = 0;
		boolean stopped = false;
		for (Row row : sheet) {
			List<String> cells = cells(row, formatter, budget);
			if (cells == null) {
				stopped = true;
				break;
			}
			if (!cells.stream().allMatch(String::isEmpty)) {
				rows.add(row);
				columns = Math.max(columns, row.getLastCellNum());
			}
		}
		String counted = stopped ? "at least " : "";
		out.line("Sheet \"" + sheet.getSheetName() + "\": " + counted + rows.size() + " rows"
				+ (rows.isEmpty() ? "" : " (1 header row + " + counted + (rows.size() - 1) + " data rows)") + ", "
				+ columns + " columns.");
		if (rows.isEmpty()) {
			return;
		}
		out.line("Header: " + String.join(" | ", cells(rows.get(0), formatter, null)));
		int shown = Math.min(sampleRows, rows.size() - 1);
		for (int i = 1; i <= shown; i++) {
			Row row = rows.get(i);
			out.line("Row " + (row.getRowNum() + 1) + ": " + String.join(" | ", cells(row, formatter, null)));
		}
		if (rows.size() - 1 > shown) {
			out.line("(" + counted + (rows.size() - 1 - shown) + " more data rows)");
		}
	}

	/** The row's cells as shown; null once the budget (when given) has no cells left. */
	private static List<String> cells(Row row, DataFormatter formatter, ExtractionBudget budget) {
		List<String> cells = new ArrayList<>();
		for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
			if (budget != null && !budget.cell()) {
				return null;
			}
			Cell cell = row.getCell(c);
			cells.add(cell == null ? "" : formatter.formatCellValue(cell).strip());
		}
		return cells;
	}
}
