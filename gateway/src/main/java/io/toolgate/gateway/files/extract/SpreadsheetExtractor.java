package io.toolgate.gateway.files.extract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Spreadsheets (XLSX and XLS, Apache POI, opened read-only): per sheet its name, row and column counts, the
 * header row and a few sample rows, cells as Excel shows them (formulas by their cached results).
 */
final class SpreadsheetExtractor implements FormatExtractor {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	static final String XLS = "application/vnd.ms-excel";

	private final int sampleRows;

	SpreadsheetExtractor(int sampleRows) {
		this.sampleRows = sampleRows;
	}

	@Override
	public boolean accepts(String mediaType, String filename) {
		return XLSX.equals(mediaType) || XLS.equals(mediaType);
	}

	@Override
	public void extract(Path file, String filename, Excerpt out) throws Exception {
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
				FormatExtractor.stopIfInterrupted();
				describe(workbook.getSheetAt(s), formatter, out);
			}
		}
	}

	private void describe(Sheet sheet, DataFormatter formatter, Excerpt out) {
		List<Row> rows = new ArrayList<>();
		int columns = 0;
		for (Row row : sheet) {
			if (!cells(row, formatter).stream().allMatch(String::isEmpty)) {
				rows.add(row);
				columns = Math.max(columns, row.getLastCellNum());
			}
		}
		out.line("Sheet \"" + sheet.getSheetName() + "\": " + rows.size() + " rows"
				+ (rows.isEmpty() ? "" : " (1 header row + " + (rows.size() - 1) + " data rows)") + ", " + columns
				+ " columns.");
		if (rows.isEmpty()) {
			return;
		}
		out.line("Header: " + String.join(" | ", cells(rows.get(0), formatter)));
		int shown = Math.min(sampleRows, rows.size() - 1);
		for (int i = 1; i <= shown; i++) {
			Row row = rows.get(i);
			out.line("Row " + (row.getRowNum() + 1) + ": " + String.join(" | ", cells(row, formatter)));
		}
		if (rows.size() - 1 > shown) {
			out.line("(" + (rows.size() - 1 - shown) + " more data rows)");
		}
	}

	private static List<String> cells(Row row, DataFormatter formatter) {
		List<String> cells = new ArrayList<>();
		for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
			Cell cell = row.getCell(c);
			cells.add(cell == null ? "" : formatter.formatCellValue(cell).strip());
		}
		return cells;
	}
}
