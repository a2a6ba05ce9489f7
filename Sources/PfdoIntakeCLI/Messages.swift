import Foundation
import IntakeModel
import Registry

/// An error as the operator reads it: in Russian under a Russian LANG for the errors of the registry and of
/// workbooks an operator meets (a bad path, a locked or wrong database, a file that is not a registry
/// export); any other error, and every error in English, is the error's own description.
func describe(_ error: Error) -> String {
    guard Lang.current == .ru else { return "\(error)" }
    if let e = error as? RegistryError, let ru = russian(e) { return ru }
    if let e = error as? XLSXError { return russian(e) }
    return "\(error)"
}

private func russian(_ e: RegistryError) -> String? {
    switch e {
    case let .cannotOpen(path, detail) where PostgresLocation.isURL(path):
        return "не удаётся открыть базу реестра \(printable(path)): \(detail). Проверьте, что сервер работает, база создана (createdb) и пользователю разрешено подключаться, или укажите другую базу в --db."
    case let .cannotOpen(path, detail):
        return "не удаётся открыть базу реестра \(printable(path)): \(detail). Проверьте, что каталог существует и доступен для записи, или укажите другой файл в --db."
    case let .database(detail):
        return "ошибка базы: \(detail). Начатый шаг не записан; запустите ту же команду снова."
    case let .unreadableFile(path):
        return "не удаётся прочитать \(printable(path)): проверьте путь и права доступа."
    case let .unsupportedFormat(what):
        return "\(what) не поддерживается: сохраните лист как CSV (UTF-8, разделитель запятая или точка с запятой) и загрузите этот файл."
    case .unsupportedEncoding:
        return "файл не в UTF-8, UTF-16 или Windows-1251: сохраните его как CSV UTF-8 и загрузите снова."
    case let .unterminatedQuote(row, line):
        return "в строке \(row) (строка файла \(line)) открыта кавычка, которая не закрыта до конца файла: все следующие строки попали бы в одно значение, поэтому ничего не загружено. Закройте кавычку (кавычка внутри значения удваивается) и загрузите снова."
    case let .locked(path):
        return "база реестра \(printable(path)) занята другим процессом (ingest, import или review): дождитесь его окончания или остановите его, затем запустите ту же команду снова."
    case let .diskFull(path):
        return "диск с базой реестра \(printable(path)) заполнен: начатый шаг не записан. Освободите место и запустите ту же команду снова; сохранённое не потеряно."
    case let .notADatabase(path):
        return "\(printable(path)) — не база pfdo-intake: в --db указывается файл базы (его создаёт pfdo-intake), а не входной файл."
    case let .damaged(path, detail):
        return "база реестра \(printable(path)) повреждена (\(detail)): восстановите её из резервной копии (ничего не изменено)."
    case let .missingColumns(columns):
        return "в заголовке нет столбцов: \(columns.joined(separator: ", ")). Первая строка должна называть столбцы (Номер сертификата, Фамилия, Имя, Отчество, Дата рождения, Категория, Муниципалитет, Статус или их английские имена)."
    case let .packetNotFound(id):
        return "нет пакета с номером \(id): список пакетов на проверке — `pfdo-intake queue`."
    case .entryNotFound:
        return "нет записи реестра или пакета с таким номером: проверьте номер или сначала загрузите выгрузку реестра (`registry import`)."
    default:
        return nil
    }
}

private func russian(_ e: XLSXError) -> String {
    switch e {
    case let .notAWorkbook(detail):
        return "не читаемая книга Excel (\(detail)): откройте её в Excel или LibreOffice и сохраните снова как .xlsx или сохраните лист как CSV UTF-8."
    case let .noSuchSheet(name, available):
        return "в книге нет листа '\(name)': её листы — \(available.map { "'\($0)'" }.joined(separator: ", ")) (укажите один в --sheet)."
    case .noSheets:
        return "в книге нет ни одного листа: выгрузите реестр из региональной системы заново."
    }
}
