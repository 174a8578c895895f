// The Japanese catalogue, loaded only when Japanese is selected (src/i18n/index.ts useLanguage).
// `ja` has exactly the keys of en.ts (the type says so) with the same {placeholders}; `jaHelp`
// translates the help texts of the command definitions under the keys helpTexts derives from them
// (src/commands/spec.ts). test/unit/i18n.test.ts checks both. Style: AWS's Japanese documentation —
// です/ます in help, short forms in errors; flag, file, section and AWS names stay as they are.
import type { MsgId } from "./en.js";

export const ja: Readonly<Record<MsgId, string>> = {
  "flag.bad": "{flag}: {why}",
  "main.unknownCommand": "不明なコマンド '{name}'",
  "main.didYouMean": "'awsmfa {near}' のことですか?",
  "main.seeList": "コマンドの一覧は 'awsmfa --help' で確認できます",
  "main.internalError": "内部エラー: {message}",
  "main.runWithDebug": "詳細は --debug を付けて再実行してください",
  "raw": "{text}",
  "sessionContext.noLongTermKey": "プロファイル {account} の長期キーが {account2} にありません",
  "sessionContext.storeOneWithAwsmfa": "'awsmfa keys add --profile {account}' で保存してください",
  "sessionContext.credpathNameHoldsA": "{credPath}: [{name}] に長期キー (AKIA…) があります。awsmfa はこれをセッションで上書きしません",
  "sessionContext.renameTheSectionHeader": "セクション見出し [{name}] を [{name}-long-term] に変更し (または 'awsmfa setup --profile {name}' を実行し)、再度ログインしてください",
  "sessionMfa.mfaCodeForSerial": "{serial} の MFA コードは使用済みです。コードは一度しか使えません",
  "sessionMfa.waitForTheNext": "次のコードを待ってください (30 秒ごとに新しいコードが表示されます)",
  "sessionMfa.awsRejectedTheMfa": "AWS が MFA コードを拒否しました: このコードは直前にこのデバイスで送信済みです。コードは一度しか使えません",
  "sessionCodes.codeValueIsNot": "--code: '{value}' は 6 桁のコードではありません",
  "sessionCodes.theMfaCodeGiven": "--code で指定した MFA コードが拒否されました",
  "sessionCodes.cancelledAtTheMfa": "MFA コードの入力でキャンセルされました",
  "sessionCodes.noValidDigitMfa": "有効な 6 桁の MFA コードが入力されませんでした",
  "sessionCodes.theMfaCodeRead": "stdin から読んだ MFA コードが拒否されました",
  "sessionCodes.passCodeOrPipe": "--code 123456 を指定するか、コードを stdin に渡してください",
  "sessionCodes.stdinTheMfaCode": "stdin: MFA コードは 6 桁です",
  "sessionCodes.mfaProcessForProfile": "プロファイル {profile} の mfa_process: {why}",
  "sessionCodes.runItByHand": "手動で実行して出力を確認してください",
  "sessionCodes.timedOutAfterValue": "{value} 秒でタイムアウトしました",
  "sessionCodes.interruptedSigWhileMfa": "プロファイル {profile} の mfa_process の実行中に中断されました ({sig})",
  "sessionCodes.couldNotStartMessage": "起動できません: {message}",
  "sessionCodes.printedLengthCharactersNot": "{length} 文字を出力しました。6 桁のコードではありません",
  "processmode.credpathNameHoldsA": "{credPath}: [{name}] に長期キーがあり、credential_process より優先されてしまいます",
  "processmode.renameNameToName": "[{name}] を [{name}-long-term] に変更してから (awsmfa はそこからキーを読みます)、もう一度実行してください",
  "sessionChain.noValidSessionFor": "{name} の有効なセッションがありません。'awsmfa login --profile {name}' を実行してください",
  "qr.scan": "認証アプリでこの QR コードをスキャンしてください:",
  "qr.wideHint": "コードが崩れて見える場合 (▀ を 2 桁幅で描く端末)、{instead}。",
  "qr.wideInsteadPng": "代わりに {pngFile} を開くか、s を入力してシークレットキーを表示してください",
  "qr.wideInsteadNoPng": "s を入力してシークレットキーを表示するか、--qr-png FILE を付けるか幅 {columns} 桁以上のペインで再実行してください",
  "qr.tooNarrow": "QR コードには {need} 桁が必要ですが、この端末は {have} 桁です: {instead}。",
  "qr.narrowInsteadPng": "代わりに {pngFile} を開くか、s を入力してシークレットキーを表示してください",
  "qr.narrowInsteadNoPng": "端末を広げるか、s を入力してシークレットキーを表示するか、--qr-png FILE を付けて再実行してください",
  "deviceAdd.noTerminalToShow": "QR コードを表示する端末がありません",
  "deviceAdd.passQrPngFile": "--qr-png FILE で画像として書き出してください (2 つのコードは --code1/--code2 または stdin で渡します)",
  "deviceAdd.showSecretNeedsA": "--show-secret には端末が必要です: シークレットは stdout にも stderr にも出力しません",
  "deviceAdd.useQrPngFile": "代わりに --qr-png FILE を使ってください",
  "deviceAdd.noTerminalToAsk": "2 つのコードを尋ねる端末がありません",
  "deviceAdd.passCodeAndCode": "--code1 と --code2 を指定するか、2 つのコードを stdin に 2 行で渡してください",
  "deviceAdd.valueCleanup": "{value}{cleanup}",
  "deviceKeymove.fileProfileAndLtsection": "{file}: [{profile}] と [{ltSection}] に異なる長期キーがあります",
  "deviceKeymove.keepTheOneThat": "有効なほうを [{ltSection}] に残し、もう一方を [{profile}] から削除してから、setup を再実行してください",
  "deviceKeymove.fileNoLongTerm": "{file}: [{profile}] にも [{ltSection}] にも長期キー (AKIA…) がありません",
  "deviceKeymove.putTheIamUser": "IAM ユーザーの aws_access_key_id と aws_secret_access_key を [{profile}] に書き (例: 'aws configure --profile {profile}')、setup を再実行してください",
  "deviceCodes.codeAndCodeGo": "--code1 と --code2 は一緒に指定します",
  "deviceCodes.theCodesGivenWith": "--code1/--code2 で指定したコードが拒否されました",
  "deviceCodes.theCodesReadFrom": "stdin から読んだコードが拒否されました",
  "deviceCodes.passCodeAndCode": "--code1 と --code2 を指定するか、2 つのコードを stdin に 2 行で渡してください",
  "deviceOtpauth.theseAreRootUser": "これはルートユーザーの認証情報です。awsmfa が管理するのは IAM ユーザーの MFA デバイスです",
  "deviceOtpauth.registerTheRootUser": "ルートユーザーの MFA デバイスは AWS コンソールで登録し、awsmfa では IAM ユーザーのキーを使ってください",
  "deviceOtpauth.theKeyBelongsTo": "このキーは {arn} のもので、IAM ユーザーのものではありません",
  "deviceOtpauth.mfaDevicesForGetsessiontoken": "GetSessionToken の MFA デバイスは IAM ユーザーに属します: IAM ユーザーの長期キーを使ってください",
  "deviceOtpauth.nameIsNotA": "'{name}' はデバイス名として無効です (英数字と + = , . @ _ -、226 文字以内)",
  "deviceOtpauth.whereEachMfaCode": "{where}: MFA コードはそれぞれ 6 桁です",
  "deviceOtpauth.whereTheTwoCodes": "{where}: 2 つのコードが同じです。連続する 2 つのコードが必要です",
  "deviceOtpauth.typeACodeWait": "コードを入力し、アプリに次のコードが表示されるまで待って (30 秒)、そのコードを入力してください",
  "iam.awsValue": "AWS: {value}",
  "iam.anIamUserCan": "IAM ユーザーのアクセスキーは 2 つまでです。使っていないほうを削除してください ('aws iam list-access-keys' で両方を確認できます)",
  "iam.awsRejectedTheCodes": "AWS が {dev} のコードを拒否しました: 誤っているか、連続する 2 つのコードではありません",
  "iam.typeACodeWait": "コードを入力し、アプリに次のコードが表示されるまで待って (30 秒)、そのコードを入力してください。失敗が続く場合は時計を確認してください",
  "iam.awsmfaDeviceListShows": "このユーザーのデバイスは 'awsmfa device list' で確認できます",
  "iam.chooseAnotherDeviceName": "--name で別のデバイス名を指定するか、'awsmfa device list' を確認してください",
  "iam.deactivateItFirstAwsmfa": "先に無効化してください ('awsmfa device remove' は両方を行います)",
  "iam.removeAnUnusedDevice": "先に使っていないデバイスを削除してください ('awsmfa device remove --serial …')",
  "iam.awsValueTryAgain": "AWS: {value}。もう一度試してください",
  "iam.awsIamAtEndpoint": "{endpoint} の AWS IAM が失敗しました: {msg}",
  "iam.iamReturnedNoUsable": "IAM が新しいデバイスの有効な Base32StringSeed を返しませんでした",
  "iam.iamAtShownReturned": "{shown} の IAM が新しいデバイスのシリアル番号を返しませんでした",
  "iam.iamAtShownReturned2": "{shown} の IAM がアクセスキーを返しませんでした",
  "truststore.noDotfileNameIn": "{cwd} とその上位のフォルダーに {DOTFILE_NAME} がありません",
  "truststore.createOneWithAwsmfa": "'awsmfa edit' で作成するか、ファイルを指定してください: awsmfa allow PATH",
  "truststore.targetDoesNotExist": "{target} は存在しないか、ファイルではありません",
  "host.noHostInstalledSrc": "ホストが設定されていません (src/cli.ts が main の実行前に設定します)",
  "awsfiles.fileAnotherProgramKept": "{file}: 別のプログラムが {value} 秒間ファイルを書き換え続けました。何も書き込んでいません",
  "awsfiles.runTheCommandAgain": "別のプログラムが終わってから、もう一度コマンドを実行してください",
  "atomicwrite.fileCannotDoingPath": "{file}: {doing}に失敗しました: {path} の所有者は uid {uid} で、あなた (uid {me}) ではありません (以前 sudo で実行しましたか?)",
  "atomicwrite.sudoChownRMe": "sudo chown -R {me} {top}",
  "atomicwrite.fileCannotDoingWhy": "{file}: {doing}に失敗しました: {why}",
  "atomicwrite.fileCannotReadEisdir": "{file}: 読み込めません: {EISDIR}",
  "atomicwrite.fileCannotReadNot": "{file}: 読み込めません: 通常のファイルではありません (FIFO、デバイスまたはソケット)",
  "atomicwrite.fileCannotReadValue": "{file}: 読み込めません: {value} MB は大きすぎます (上限は {value2} MB)",
  "atomicwrite.fileCannotResolveThe": "{file}: パスを解決できません: {ELOOP}",
  "atomicwrite.fullNotAFolder": "{full}: フォルダーではありません",
  "atomicwrite.existingNotAFolder": "{existing}: フォルダーではありません ({full} に必要です)",
  "atomicwrite.fileCannotWriteEisdir": "{file}: 書き込めません: {EISDIR}",
  "atomicwrite.fileCannotWriteNot": "{file}: 書き込めません: 通常のファイルではありません (FIFO、デバイスまたはソケット)",
  "atomicwrite.dirNotAFolder": "{dir}: フォルダーではありません ({file} に必要です)",
  "sts.noAnswerFromSvc": "{endpoint} の {svc} から応答がありません{secs}{more}",
  "sts.awsRejectedTheMfa": "AWS が MFA コードを拒否しました: 誤っているか、使用済みです",
  "sts.waitForTheNext": "次のコードを待って (30 秒ごとに新しいコードが表示されます)、もう一度試してください",
  "sts.awsCouldNotValidate": "AWS が {value} の MFA コードを検証できませんでした: シリアルが誤っているか、このユーザーのものではありません",
  "sts.checkMfaSerialIn": "config ファイルの mfa_serial を確認してください ('aws iam list-mfa-devices' で確認できます)",
  "sts.awsDeniedTheRequest": "AWS がリクエストを拒否しました: {msg}",
  "sts.awsDoesNotRecognise": "AWS が長期アクセスキーを認識しません: 削除されたか無効化されています",
  "sts.createANewAccess": "IAM で新しいアクセスキーを作成し、'awsmfa setup' で保存してください",
  "sts.awsRejectedTheRequest": "AWS がリクエストの署名を拒否しました: シークレットアクセスキーが誤っています",
  "sts.checkAwsSecretAccess": "credentials ファイルの長期キーのセクションにある aws_secret_access_key を確認してください",
  "sts.awsSaysTheSecurity": "AWS によるとセキュリティトークンの有効期限が切れています",
  "sts.runAwsmfaLoginForce": "'awsmfa login --force' を実行してください",
  "sts.awsRejectedAParameter": "AWS がパラメータを拒否しました: {msg}",
  "sts.awsSvcIsThrottling": "{endpoint} の AWS {svc} がリクエストをスロットリングしています (再試行後に断念しました)",
  "sts.waitAMinuteAnd": "1 分ほど待ってから、もう一度試してください",
  "sts.awsSvcAtEndpoint": "{endpoint} の AWS {svc} が HTTP {status} で失敗しました (再試行後に断念しました)",
  "sts.cannotReachEndpointValue": "{endpoint} に接続できません: {value}",
  "sts.checkTheNetworkA": "ネットワーク、プロキシ、または AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_{svc} を確認してください",
  "sts.awsSvcErrorValue": "AWS {svc} のエラー {value}: {msg}",
  "sts.requestToEndpointFailed": "{endpoint} へのリクエストが失敗しました: {value}",
  "sts.awsRejectedTheRequest2": "5 分を超える時刻のずれのため、AWS がリクエストを拒否しました{how}",
  "sts.setTheClockRight": "時計を合わせてください (NTP を有効に。例: 'timedatectl set-ntp true')。TOTP コードも時計に依存します",
  "sts.stsAtShownReturned": "{shown} の STS が認証情報を返しませんでした",
  "lock.timedOutAfterValue": "ロック {file} を {value} 秒待ってタイムアウトしました",
  "lock.ifNoOtherAwsmfa": "ほかに awsmfa が動いていなければ、{file} を削除してください",
  "keysIndex.accountDoesNotHold": "{account} に書き込んだ後、キーがありません",
  "keysIndex.anotherProgramMayBe": "別のプログラムがそのストアを変更している可能性があります。ほかには何も変更していません",
  "keysFile.fileNotAReadable": "{file}: 読み込める awsmfa キーファイルではありません ({why})。ファイルは変更していません",
  "keysFile.restoreItFromA": "バックアップから復元するか、ファイルを退避してキーを追加し直してください ('awsmfa keys add --to file')",
  "keysFile.fileWrongPassphraseNothing": "{file}: パスフレーズが誤っています。何も変更していません",
  "keysFile.typeThePassphraseThe": "ファイルを書き込んだときのパスフレーズを入力してください (または {PASSPHRASE_ENV} を設定してください)",
  "keysFile.fileTheFileWas": "{file}: awsmfa が書き込んだ後にファイルが変更または破損しています (認証に失敗)。何も変更していません",
  "keysFile.restoreItFromA2": "バックアップから復元してください。ほかの誰かが編集した場合は、中のキーが漏えいしたものとしてローテーションしてください",
  "keysFile.theEncryptedKeyFile": "暗号化キーファイル {file} にはパスフレーズが必要です: 端末がなく、{PASSPHRASE_ENV} も設定されていません",
  "keysFile.runItInA": "端末で実行するか、環境変数 {PASSPHRASE_ENV} を設定してください (コマンドラインには書かないでください)",
  "keysFile.passphraseEnvANew": "{PASSPHRASE_ENV}: 新しいキーファイルには {MIN_NEW_PASSPHRASE} 文字以上のパスフレーズが必要です",
  "keysFile.noPassphraseWasSet": "パスフレーズが設定されませんでした。何も変更していません",
  "keysFile.cancelledAtThePassphrase": "パスフレーズの入力でキャンセルされました。何も変更していません",
  "keysConfig.valueIsNotA": "'{value}' はキーソースではありません (keyring、file または credentials)",
  "keyring.theOsKeyringIs": "OS のキーリングが使えません: {value}",
  "keyring.useTheEncryptedFile": "代わりに暗号化ファイルを使ってください: awsmfa_source = file ('awsmfa keys move --to file'、または --to file / --store file)",
  "keyring.keyringEntryKeyringService": "キーリングのエントリ {KEYRING_SERVICE}/{account} は awsmfa のキーではありません (別のプログラムが書き込みましたか?)",
  "keyring.removeItWithAwsmfa": "'awsmfa keys remove --profile {account}' で削除し、キーを追加し直してください",
  "dotfile.fileLineWhy": "{file}:{line}: {why}",
  "dotfile.theFileHoldsProfile": "このファイルには `profile = NAME` と、必要に応じて `region = REGION` を書きます",
  "dotfile.fileLargerThanValue": "{file}: {value} KiB を超えています。.awsmfa ファイルは数行なので、無視します",
  "dotfile.fileNotUtfText": "{file}: UTF-8 のテキストではありません",
  "flags.unknownFlagA": "不明なフラグ {a}",
  "flags.seeHelp": "--help を参照してください",
  "flags.unknownFlagName": "不明なフラグ --{name}",
  "flags.takesNoValue": "値は取りません",
  "flags.needsAValue": "値が必要です",
  "ini.fileLineWhy": "{file}:{line}: {why}",
  "ini.fixThatLineBy": "その行を手で修正してください。AWS CLI もこのファイルを読めません",
  "ini.profileNameNameCannot": "プロファイル名 {name} は AWS のファイルに書き込めません",
  "ini.useLettersDigitsAnd": "英数字と - _ . @ + % : / を使ってください",
  "ini.invalidIniKeyKey": "無効な INI キー {key}",
  "ini.theValueForKey": "{key} の値はそのままでは AWS のファイルに書き込めません",
  "ini.valuesMayNotContain": "値には改行、先頭や末尾の空白、' #' や ' ;' (AWS SDK ではコメント) を含められません",
  "ini.unterminatedSectionHeaderNo": "セクション見出しが閉じていません (\"]\" がありません)",
  "ini.emptySectionName": "セクション名が空です",
  "ini.unexpectedTextAfterSection": "セクション見出しの後に余分なテキストがあります",
  "ini.invalidProfileNameProto": "無効なプロファイル名 __proto__",
  "ini.aSettingComesBefore": "最初の [section] より前に設定があります",
  "ini.expectedKeyValueTrimmed": "\"key = value\" の形式が必要です{trimmed}",
  "ini.missingKeyNameBefore": "\"{delim}\" の前にキー名がありません",
  "envvars.formatDotenvTheValue": "--format dotenv: {name} の値に引用符、バックスラッシュ、$ または制御文字があり、dotenv の読み手によって解釈が異なります",
  "envvars.useFormatShFish": "--format sh、fish、pwsh または json を使うか、AWS config の値を修正してください",
  "profile.configfileProfileNameAwsmfa": "{configFile}: profile {name}: awsmfa_source '{v}' は credentials、keyring または file のいずれかです",
  "profile.configfileWhereViaHas": "{configFile}: {where}{via} に mfa_serial がありません",
  "profile.addMfaSerialArn": "{where} に 'mfa_serial = arn:aws:iam::ACCOUNT:mfa/DEVICE' を追加するか、'awsmfa setup --profile {name}' を実行してください",
  "profile.configfileProfileNameDuration": "{configFile}: profile {name}: duration_seconds '{d}' は {MIN_DURATION}..{MAX_DURATION} の範囲です",
  "profile.configfileProfileNameMfa": "{configFile}: profile {name}: mfa_serial が MFA のシリアル番号ではありません",
  "profile.itIsAnArn": "arn:aws:iam::ACCOUNT:mfa/DEVICE のような ARN か、ハードウェアトークンのシリアルです",
  "profile.configfileProfileNameRegion": "{configFile}: profile {name}: region が AWS リージョンではありません",
  "profile.eGRegionEu": "例: region = eu-west-1",
  "profile.credentialsfileSectionAppearsTwice": "{credentialsFile}: [{section}] が 2 回あります ({first} 行目と {second} 行目)。どちらの長期キーを使いますか?",
  "profile.keepOneSectionSection": "[{section}] セクションを 1 つ残し、もう一方を削除してください",
  "profile.credentialsfileNoLongTerm": "{credentialsFile}: [{section}] に長期キーがありません",
  "duration.textIsNotA": "'{text}' は期間ではありません (900、15m、12h、36h のように指定します)",
  "duration.secondsSIsOutside": "{seconds} 秒は {min}..{max} 秒 ({min2}..{max2}) の範囲外です",
  "duration.valueIsNotA": "'{value}' はミリ秒の数値ではありません (1..999999999)",
  "resolve.configfileWhereHasRole": "{configFile}: {where} に role_arn がありますが source_profile がありません",
  "resolve.setSourceProfileTo": "source_profile に、そのセッションでロールを引き受ける MFA プロファイルを設定してください",
  "resolve.configfileWhereSourceProfile": "{configFile}: {where}: source_profile が自分自身を指しています",
  "resolve.configfileWhereDurationSeconds": "{configFile}: {where}: ロールの duration_seconds '{d}' は 900..43200 の範囲です",
  "resolve.configfileNameSourceProfile": "{configFile}: {name}: source_profile {sourceProfile} 自体がロールプロファイルです",
  "resolve.awsmfaChainsOneRole": "awsmfa は MFA プロファイルからロールを 1 段だけ引き受けます。source_profile には mfa_serial を持つプロファイルを指定してください",
  "paths.awsmfaNeedsAHome": "awsmfa には ~/.aws とキャッシュ用のホームフォルダーが必要です。HOME (Windows では USERPROFILE) を設定してください",
  "setup.serialAndCreateDevice": "--serial と --create-device は同時に指定できません",
  "setup.regionIsNotAn": "'{region}' は AWS リージョンではありません",
  "setup.modeIsNotProcess": "'{mode}' は process でも file でもありません",
  "setup.serialIsNotAn": "'{serial}' は MFA のシリアル番号ではありません",
  "setup.profileNameIsA": "プロファイル {name} はロールプロファイルです (source_profile = {source})。キーとデバイスは {source} のものです",
  "setup.runAwsmfaSetupProfile": "'awsmfa setup --profile {source}' を実行してください",
  "setup.theKeyOfProfile": "プロファイル {name} のキーは {describe} にあります",
  "setup.moveItWithAwsmfa": "'awsmfa keys move --profile {name} --to {store}' で移動してください",
  "setup.credpathThePlainText": "{credPath}: 削除した後も、キーの平文のコピーが残っています",
  "setup.anotherProgramMayBe": "別のプログラムがファイルを編集している可能性があります。確認してから setup を再実行してください",
  "setup.credpathLtsectionDoesNot": "{credPath}: 書き込んだ後、[{ltSection}] にキーがありません。[{name}] は変更していません",
  "setup.setupIsDoneBut": "setup は完了しましたが、最初のログインに失敗しました: {message}",
  "setup.credpathNameStillHolds": "{credPath}: setup の後も [{name}] に長期キーが残っています",
  "setup.serialFlagserialIsNot": "--serial: {flagSerial} は {userName} の有効な MFA デバイスではありません",
  "setup.usernameHasNoTotp": "{userName} には TOTP の MFA デバイスがありません",
  "setup.passCreateDeviceWith": "--create-device を指定するか (端末がない場合は --qr-png FILE も)、setup の後に 'awsmfa device add --profile {profile}' を実行してください",
  "setup.usernameHasLengthMfa": "{userName} には MFA デバイスが {length} 個あります。--serial でどれかを指定してください",
  "setup.cancelled": "キャンセルしました",
  "setup.noTerminalToConfirm": "setup の計画を確認する端末がありません",
  "setup.runItInA": "端末で実行するか、--yes を指定してください",
  "setup.cancelledNothingWasChanged": "キャンセルしました。何も変更していません",
  "emulator.portIsNotA": "'{port}' はポート番号ではありません (0-65535)",
  "emulator.portPortIsAlready": "127.0.0.1 のポート {port} は使用中です",
  "emulator.notAllowedToListen": "ポート {port} で待ち受ける権限がありません",
  "emulator.cannotReadStateMessage": "{state} を読み込めません: {message}",
  "status.cfgpathNoProfileHas": "{cfgPath}: mfa_serial を持つプロファイルがありません",
  "status.runAwsmfaSetupProfile": "'awsmfa setup --profile NAME' で作成してください",
  "allow.cannotReadFile": "{file} を読み込めません",
  "keys.awsmfaKeysSubF": "awsmfa keys {sub}: --{f} はここでは使えません",
  "keys.seeAwsmfaKeysHelp": "'awsmfa keys --help' を参照してください",
  "keys.awsmfaKeysMoveNeeds": "awsmfa keys move には --to keyring|file|credentials が必要です",
  "keys.awsmfaKeysNeedsA": "awsmfa keys にはサブコマンドが必要です: add、move、list、remove または rotate",
  "keys.unknownSubcommandKeysSub": "不明なサブコマンド 'keys {sub}'",
  "keys.profileNameAssumesValue": "プロファイル {name} はプロファイル {source} のキーで {value} を引き受けます",
  "keys.runItWithProfile": "--profile {source} で実行してください: キーを共有するプロファイルは保存先も共有します",
  "keys.cancelledNothingWasChanged": "キャンセルしました。何も変更していません",
  "keys.noTerminalToRead": "キーを読み込む端末がありません",
  "keys.pipeTwoLinesOn": "stdin に 2 行で渡してください: キー ID、次にシークレット",
  "keys.expectedTwoLinesThe": "2 行が必要です: アクセスキー ID、次にシークレットアクセスキー",
  "keys.theKeyIsNever": "キーをコマンドラインから受け取ることはありません",
  "keys.idIsNotA": "'{id}' は長期アクセスキー ID (AKIA…) ではありません",
  "keys.theSecretAccessKey": "シークレットアクセスキーが正しくないようです (短すぎるか、空白を含んでいます)",
  "keys.profileNameAlreadyHas": "プロファイル {name} には {name2} にキー {accessKeyId} がすでにあります",
  "keys.toReplaceItAwsmfa": "置き換えるには 'awsmfa keys rotate --profile {name}' を実行するか、先に 'awsmfa keys remove --profile {name}' を実行してください",
  "keys.profileNameNoKey": "プロファイル {name}: {name2} にキーがありません (awsmfa_source = {from})",
  "keys.profileNameNoKey2": "プロファイル {name}: {name2} にキーがありません ({configFile} の awsmfa_source = {from})",
  "keys.addOneWithAwsmfa": "'awsmfa keys add --profile {name}' で追加してください",
  "keys.nameAlreadyHoldsAnother": "{name} には {name2} ({accessKeyId2}) とは別のキー ({accessKeyId}) がすでにあります。何も変更していません",
  "keys.awsmfaUsesTheOne": "awsmfa は {from} のキーを使います。もう一方が不要なら、先に {to} から削除してください",
  "keys.profileNameNoKey3": "プロファイル {name}: {name2} にキーがありません",
  "keys.noTerminalToConfirm": "{what} の削除を確認する端末がありません",
  "keys.passYes": "--yes を指定してください",
  "keys.profileNameNoKey4": "プロファイル {name}: {where} にキーがありません",
  "keys.theStoredKeyAccesskeyid": "保存されたキー {accessKeyId} はこの IAM ユーザーのアクセスキーではありません。何も作成していません",
  "keys.theIamUserAlready": "IAM ユーザーにはすでに 2 つのアクセスキーがあります: {accessKeyId} ({name} 用に保存) と {accessKeyId2} ({status})。何も作成していません",
  "keys.ifYouDoNot": "{accessKeyId} を使っていなければ削除してから ('aws iam delete-access-key --access-key-id {accessKeyId}')、もう一度ローテーションしてください",
  "keys.rotationFailedWhyThe": "ローテーションに失敗しました: {why}。古いキー {accessKeyId} は引き続き有効で、{where} に {stored}。{dropped}",
  "keys.theNewKeyBelongs": "新しいキーは {user} ではなく {arn} のものです",
  "keys.theNewKeyAccesskeyid": "新しいキー {accessKeyId} は {where} に保存され有効ですが、古いキー {accessKeyId2} を削除できませんでした: {message}",
  "keys.deleteItWithAws": "'aws iam delete-access-key --access-key-id {accessKeyId}' で削除してください",
  "env.formatIsNotOne": "'{format}' は {value} のいずれでもありません",
  "completion.awsmfaCompletionNeedsOne": "awsmfa completion には {value} のいずれかが必要です",
  "completion.eGEvalAwsmfa": "例: eval \"$(awsmfa completion bash)\"",
  "device.deviceWhichOneChoices": "device: どれですか? {choices}",
  "device.seeAwsmfaDeviceHelp": "'awsmfa device --help' を参照してください",
  "device.deviceUnknownSubcommandSub": "device: 不明なサブコマンド '{sub}'",
  "device.deviceSubFDoes": "device {sub}: --{f} は使えません",
  "device.aHardwareTotpToken": "ハードウェア TOTP トークンは作成せず、有効化するだけです",
  "device.runAwsmfaDeviceEnable": "'awsmfa device enable --serial SERIAL' を実行してください",
  "device.typeMustBeVirtual": "'{type}' は virtual または security-key です",
  "device.noTerminalToConfirm": "{serial} の削除を確認する端末がありません",
  "device.passYesToRemove": "確認なしで削除するには --yes を指定してください",
  "device.cancelled": "キャンセルしました",
  "device.keptSerial": "{serial} を残しました",
  "device.serialIsNotOne": "{serial} は {userName} の MFA デバイスではありません",
  "device.awsmfaDeviceListShows": "'awsmfa device list' で確認できます",
  "device.deviceSubNeedsSerial": "device {sub} には --serial SERIAL が必要です",
  "device.theSerialIsPrinted": "シリアルはハードウェアトークンに印刷されています。または 'awsmfa device list' を参照してください",
  "device.serialIsNotAn": "'{serial}' は MFA のシリアル番号ではありません",
  "device.configfileNameHasNo": "{configFile}: {name} に mfa_serial がありません",
  "device.passSerialSerialTo": "'awsmfa device {sub}' に --serial SERIAL を指定してください ('awsmfa device list' で確認できます)",
  "edit.cannotStartTheEditor": "エディター '{editor}' を起動できません: {message}",
  "edit.theEditorExitedWith": "エディターがステータス {code} で終了しました。{file} は許可していません",
  "edit.fileIsGoneNothing": "{file} がありません。許可するものはありません",
  "hook.awsmfaHookNeedsOne": "awsmfa hook には {value} のいずれかが必要です",
  "hook.eGEvalAwsmfa": "例: eval \"$(awsmfa hook bash)\"",
  "complete.awsmfaCompleteTakesProfiles": "awsmfa __complete は 'profiles' を取ります",
  "login.notWithForceWhich": "--force とは併用できません (--force は AWS に確認せず新しいセッションを取得します)",
  "exec.putTheCommandAfter": "コマンドは '--' の後に書いてください: awsmfa exec --profile P -- {value}",
  "exec.alreadyInsideAwsmfaExec": "すでにプロファイル {AWSMFA_EXEC} の 'awsmfa exec' の中です",
  "exec.exitThatShellFirst": "先にそのシェルを終了するか、コマンドを直接実行してください",
  "exec.cannotRunCmdCommand": "'{cmd}' を実行できません: コマンドが見つかりません",
  "exec.cannotRunCmdValue": "'{cmd}' を実行できません: {value}",
  "exec.cannotRunCmdMessage": "'{cmd}' を実行できません: {message}",
  "configure.needsProcessOrFile": "process または file が必要です",
  "configure.modeIsNotProcess": "'{mode}' は process でも file でもありません",
  "device.useChoices": "{choices} のいずれかを指定してください",
  "device.securityKey": "AWS は CLI と STS のセッションに FIDO セキュリティキー (パスキー) を受け付けません: GetSessionToken には TOTP コードが必要です",
  "device.securityKeyHint": "代わりに仮想デバイス ('awsmfa device add'、認証アプリ) かハードウェア TOTP トークン ('awsmfa device enable --serial …') を登録してください",
  "setup.loginToTryAgain": "'awsmfa login --profile {name}' で再試行してください",
  "setup.userDevices": "{userName} のデバイス: {devices}",
  "setup.passCreateDevice": "登録するには --create-device を指定してください",
  "spec.didYouMeanSub": "'awsmfa {command} {near}' のことですか?",
  "flags.atMostOne": "awsmfa {command} の引数は 1 つまでです",
  "flags.atMostN": "awsmfa {command} の引数は {max} 個までです",
  "flags.unexpectedArgument": "予期しない引数 '{extra}'",
  "flags.seeCommandHelp": "'awsmfa {command} --help' を参照してください",
  "flags.didYouMean": "--{near} のことですか?",
  "login.noMfaCode": "プロファイル {name} の MFA コードがありません: --code も mfa_process も端末もなく、stdin も空です",
  "sessionChain.noTerminalForCode": "{name} の MFA コードを尋ねる端末がありません。'awsmfa login --profile {name}' を実行してください",
  "sessionCodes.killedBy": "{sig} で強制終了されました",
  "sessionCodes.exitedWith": "ステータス {code} で終了しました",
  "device.noCodesToEnable": "{serial} を有効化するコードがありません: --code1/--code2 も端末もなく、stdin も空です",
  "device.noCodesToResync": "{serial} を再同期するコードがありません: --code1/--code2 も端末もなく、stdin も空です",
  "deviceAdd.deletedAgain": "。新しいデバイス {serial} は削除しました",
  "deviceAdd.notDeletedEither": "。新しいデバイス {serial} も削除できませんでした ({why})",
  "deviceAdd.deleteItWith": "'aws iam delete-virtual-mfa-device --serial-number {serial}' で削除してください",
  "paths.notSet": "{name} が設定されていません",
  "profile.noLongTermOneInPlain": "{credentialsFile}: [{section}] に長期キーがありません ([{profile}] にはあります)",
  "profile.setupMovesKey": "'awsmfa setup --profile {profile}' を実行してください: キーを [{section}] に移し、デバイスも追加できます",
  "profile.putKeyUnder": "[{section}] に aws_access_key_id と aws_secret_access_key を書くか、'awsmfa setup --profile {profile}' を実行してください",
  "lock.timedOutHeld": "ロック {file} を {value} 秒待ってタイムアウトしました (pid {pid}{where}{since} が保持)",
  "lock.onHost": " ({host} 上)",
  "lock.since": "、{since} から",
  "sts.codeMayBeUsed": "MFA コードが AWS に届いて使用済みになった可能性があります: 次のコードを待ってから再試行してください",
  "top.title": "awsmfa — MFA を使った AWS CLI と SDK のセッション",
  "top.commands": "コマンド:",
  "top.globalFlags": "共通フラグ:",
  "top.debug": "エラー時にスタックトレースを表示します",
  "top.version": "バージョンを表示します",
  "help.usage": "使い方:",
  "help.flags": "フラグ:",
  "help.exitCodes": "終了コード:",
  "help.examples": "例:",
  "help.internal": "(内部用、出力されたフックが使用) {text}",
  "exit.0": "成功",
  "exit.1": "内部エラー (--debug を付けて再実行してください)",
  "exit.2": "使い方の誤り: 不明なフラグ、不正なフラグの値",
  "exit.3": "設定: ファイルの形式が不正または使用不可、mfa_serial または長期キーがない",
  "exit.4": "MFA: コードが拒否された、または使用済み、シリアルの誤り、mfa_process の失敗",
  "exit.5": "AWS がキーを拒否した (InvalidClientTokenId、SignatureDoesNotMatch、時刻のずれ、ExpiredToken)",
  "exit.6": "ネットワーク: エンドポイントに接続できない、タイムアウト、再試行後もスロットリングや 5xx",
  "exit.7": "コードや応答が必要だが、端末も stdin の行も mfa_process もない",
  "exit.8": ".awsmfa ファイルが無効",
  "exit.126": "コマンドは見つかったが実行できない",
  "exit.127": "コマンドが見つからない",
  "exit.130": "中断またはキャンセル",
  "help.showHelp": "このヘルプを表示します",
  "sessionCodes.aCodeIsDigits": "コードは 6 桁です。もう一度入力してください",
  "deviceAdd.newVirtualMfaDevice": "{userName} の新しい仮想 MFA デバイス {serial}。",
  "deviceAdd.theQrCodeIs": "QR コードは {qrPngFile} にも保存しました (シークレットを含むので、スキャンしたら削除してください)。",
  "deviceAdd.secretKeyTypeIt": "シークレットキー (アプリに時間ベースのキーとして入力します): {seedBase32}",
  "deviceAdd.awsmfaWroteTheQr": "awsmfa: {serial} の QR コードを {qrPngFile} に書き込みました (シークレットを含むので、スキャンしたら削除してください)",
  "deviceCodes.secretKeyTypeIt": "シークレットキー (アプリに時間ベースのキーとして入力します): {secret}",
  "deviceCodes.nowWaitUntilThe": "アプリに次のコードが表示されるまで待ってください",
  "deviceCodes.thatIsTheSame": "同じコードです。次のコードを待ってください (最大 30 秒)",
  "keysFile.passphraseForFile": "{file} のパスフレーズ: ",
  "keysFile.newPassphraseForFile": "{file} の新しいパスフレーズ ({MIN_NEW_PASSPHRASE} 文字以上): ",
  "keysFile.tooShortAtLeast": "短すぎます: {MIN_NEW_PASSPHRASE} 文字以上にしてください",
  "keysFile.repeatIt": "もう一度入力: ",
  "keysFile.theTwoDidNot": "2 つが一致しません。もう一度入力してください",
  "setup.usernameHasNoTotp2": "{userName} には TOTP の MFA デバイスがありません。setup で仮想デバイス (認証アプリ) を今すぐ登録できます。",
  "setup.usernameHasLengthMfa2": "{userName} には MFA デバイスが {length} 個あります:",
  "setup.whichOneForProfile": "プロファイル {profile} にはどれを使いますか? [1-{length}] ",
  "setup.setupWill": "setup は次を行います:",
  "setup.goAheadYN": "実行しますか? [Y/n] ",
  "setup.setupWhyTheKey": "setup: {why}。キーは credentials ファイルの [{name}-long-term] に平文で保存します (暗号化ファイルにするには --store file を指定します)\n",
  "setup.keepTheLongTerm": "長期キーの保存先は 1) 暗号化ファイル (パスフレーズ) と 2) credentials ファイル (平文) のどちらにしますか? [1] ",
  "allow.awsmfaWarningW": "awsmfa: 警告: {w}\n",
  "allow.awsmfaAllowedFileProfile": "awsmfa: {file} を許可しました (profile {profile}{region})\n",
  "keys.awsAccessKeyId": "AWS アクセスキー ID (AKIA…): ",
  "keys.secretAccessKeyNot": "シークレットアクセスキー (表示されません): ",
  "keys.profileNameKeyAccesskeyid": "プロファイル {name}: キー {accessKeyId} を {name2} に保存しました\n",
  "keys.profileNameKeyAccesskeyid2": "プロファイル {name}: キー {accessKeyId} はすでに {name2} にあります{note}\n",
  "keys.profileNameKeyAccesskeyid3": "プロファイル {name}: キー {accessKeyId} を {name2} から {name3} に移動しました\n",
  "keys.noProfilesWithA": "長期キーを持つプロファイルがありません ('awsmfa keys add --help' を参照してください)\n",
  "keys.removeWhatAwsmfaCannot": "{what} を削除しますか? awsmfa では元に戻せません (AWS 側には残ります) [y/N] ",
  "keys.profileNameRemovedValue": "プロファイル {name}: {value} を削除しました\n",
  "keys.profileNameRotatedAccesskeyid": "プロファイル {name}: {accessKeyId} → {accessKeyId2} にローテーションしました。新しいキーは {where} に保存し、古いキーは削除しました\n",
  "device.resynchronisedSerial": "{serial} を再同期しました\n",
  "device.usernameHasNoMfa": "{userName} には MFA デバイスがありません。'awsmfa device add --profile {name}' で追加してください\n",
  "device.enabledSerialMfaSerial": "{serial} を有効化しました。mfa_serial を {configFile} の {name} に書き込みました{was}",
  "device.nextAwsmfaLoginProfile": "次に: awsmfa login --profile {name}\n",
  "edit.awsmfaNothingSavedFile": "awsmfa: 何も保存されませんでした。{file} は作成していません\n",
  "deny.awsmfaDeniedFile": "awsmfa: {file} を拒否しました\n",
  "login.profileNameSessionStill": "プロファイル {name}: セッションは {expiration} まで有効です (残り {value}){checked}。更新するには --force を指定します\n",
  "login.awsmfaFWasReadable": "awsmfa: {f} はほかのユーザーが読める状態でした (モード {value})。セッションを保存するため {value2} にしました\n",
  "login.profileNameRolenoteHow": "プロファイル {name}{roleNote}: {how}、{expiration} まで有効 (残り {left}){checked}。{where}",
  "login.profileNameRolearnLasts": "プロファイル {name}: {roleArn} は 1 時間を超えるため、専用の MFA コードが必要です。最初に使うときに引き受けます\n",
  "login.profileNameRoleSession": "プロファイル {name}: {roleArn} のロールセッションは {expiration} まで有効です。AWS CLI は {name2} から自分でロールを引き受けます\n",
  "login.awsmfaAwsRefusedThe": "awsmfa: AWS が {src} のセッションを拒否しました ({code})。破棄して新しくログインします\n",
  "configure.viaProfileNameFile": "{via}プロファイル {name}: ファイルモード。'awsmfa login --profile {asked}' を実行すると [{name}] にセッションを書き込みます\n",
  "configure.viaProfileNameProcess": "{via}プロファイル {name}: プロセスモード\n  credential_process = {line}\n",
  "keys.removedLeftover": "。{where} に残っていたコピーを削除しました",
  "device.deactivatedDeleted": "{serial} を無効化して削除しました{note}\n",
  "device.deactivated": "{serial} を無効化しました{note}\n",
  "device.removedSerialFrom": "。{configFile} の {name} から mfa_serial を削除しました",
  "device.was": " (以前は {old})",
  "device.askDeactivateDelete": "{serial} を無効化して削除しますか? セッションには別のデバイスが必要になります。 [y/N] ",
  "device.askDeactivate": "{serial} を無効化しますか? セッションには別のデバイスが必要になります。 [y/N] ",
  "login.sourceOf": " ({name} のソースプロファイル)",
  "login.awsAccepts": "。AWS が受け付けています",
  "login.newSession": "新しいセッション",
  "login.reusedSession": "キャッシュのセッションを再利用",
  "login.servedByProcess": "credential_process が提供します",
  "login.writtenTo": "{credentialsFile} の [{name}] に書き込みました",
  "logout.roleRemoved": "プロファイル {name}: ロールセッションを削除しました。{src} の MFA セッションは残ります ('awsmfa logout --profile {src}' で削除できます)\n",
  "logout.noRoleSession": "プロファイル {name}: 削除するロールセッションはありません。{src} の MFA セッションは残ります ('awsmfa logout --profile {src}' で削除できます)\n",
  "logout.removed": "プロファイル {name}: セッションを削除しました\n",
  "logout.nothingToRemove": "プロファイル {name}: 削除するセッションはありません\n",
  "iam.theDevice": "MFA デバイス",
  "iam.twoKeys": "ユーザーにはすでに 2 つのアクセスキーがあります",
  "iam.noSuchKey": "アクセスキー {accessKeyId} は存在しません",
  "iam.noSuchDevice": "{dev} は存在しません",
  "iam.deviceExists": "その MFA デバイスはすでに存在します",
  "iam.inUse": "{dev} は使用中です",
  "iam.tooMany": "MFA デバイスが多すぎます",
  "iam.concurrent": "このユーザーへの同時変更がありました",
  "sts.retryRefused": "。再試行の MFA コードが拒否されたため、タイムアウトしたリクエストがコードを使った可能性があります",
  "sts.thisDevice": "このデバイス",
  "sts.timedOut": "タイムアウト",
  "sts.clockIs": ": このマシンの時計は {skew}",
  "sts.within": " ({secs} 以内)",
  "sts.inTime": " (時間内)",
  "sts.clockWarning": "awsmfa: 警告: このマシンの時計は {skew}。修正しないと (NTP) MFA コードが失敗することがあります\n",
  "sts.waitingFor": "awsmfa: {endpoint} を待っています…",
  "plan.notAllowed": "awsmfa: {path} は許可されていません。信頼するには 'awsmfa allow' を実行してください",
  "plan.expiresIn": "awsmfa: {profile} のセッションはあと {min} 分で期限切れです — 'awsmfa login' を実行してください",
  "plan.expired": "awsmfa: {profile} のセッションは期限切れです — 'awsmfa login' を実行してください",
  "sessionCodes.askCode": "{label} の MFA コード: ",
  "deviceCodes.firstCodeOrSecret": "{label} の 1 つ目のコード (シークレットキーを表示するには s): ",
  "deviceCodes.firstCode": "{label} の 1 つ目のコード: ",
  "deviceCodes.nextCode": "{label} の次のコード: ",
  "setup.planStore": "長期キーを {store} に保存し、{credPath} の平文のコピーを削除します",
  "setup.planMove": "{credPath} の長期キーを [{name}] から [{ltSection}] に移します",
  "setup.planRemoveDuplicate": "{credPath} の [{name}] にある重複した長期キーを削除します ([{ltSection}] には残ります)",
  "setup.planRegister": "{userName} の新しい仮想 MFA デバイスを登録します",
  "setup.planUseDevice": "MFA デバイス {serial} を使います",
  "setup.planWrite": "{cfgPath} の {section} に {keys} を書き込みます",
  "setup.planProcessMode": "プロセスモードにします: {section} の credential_process により、AWS CLI と SDK が必要に応じてセッションを更新します (--mode file の場合: セッションは {credPath} の [{name}] に保存し、'awsmfa login' で更新します)",
  "setup.planRemoveProcess": "{section} から credential_process を削除します (ファイルモード)",
  "setup.planLoginProcess": "ログインします: セッションは awsmfa のキャッシュに保存され、credential_process が提供します",
  "setup.planLoginFile": "ログインします: セッションは {credPath} の [{name}] に保存されます",
  "setup.willLine": "setup: {p}\n",
  "sessionMfa.rejectedEnterNext": "AWS がコードを拒否しました (誤り、または使用済み)。次のコードを入力してください",
  "dotfile.theFileContainsA": "ファイルに NUL バイトが含まれています。テキストファイルではありません",
  "dotfile.expectedKeyValueFound": "'key = value' の形式が必要ですが、{text} がありました",
  "dotfile.badKeyKey": "不正なキー {key}",
  "dotfile.fileLineUnknownKey": "{file}:{line}: 不明なキー '{key}' は無視します",
  "dotfile.keyIsAlreadySet": "'{key}' は {line} 行目ですでに設定されています",
  "dotfile.noProfileNameLine": "'profile = NAME' の行がありません",
  "dotfile.profileValueMayOnly": "profile {value} に使えるのは英数字と _ . @ + = , - だけです",
  "dotfile.regionValueIsNot": "region {value} は eu-west-1 のようなリージョン名ではありません",
  "atomicwrite.read": "読み込み",
  "atomicwrite.resolveThePath": "パスの解決",
  "atomicwrite.writeInTheFolder": "フォルダーへの書き込み",
  "atomicwrite.createTheFolder": "フォルダーの作成",
  "atomicwrite.createAFolderIn": "中へのフォルダーの作成",
  "atomicwrite.write": "書き込み",
  "lock.takeTheLock": "ロックの取得",
  "keysFile.notJson": "JSON ではありません",
  "keysFile.unknownFormat": "不明な形式",
  "keysFile.versionVersionIsNot": "バージョン {version} はこの awsmfa ではサポートしていません",
  "keysFile.badKeyDerivationParameters": "鍵導出のパラメータが不正です",
  "keysFile.badCipherParameters": "暗号のパラメータが不正です",
  "keysFile.badFields": "フィールドが不正です",
  "keys.isStillStored": "まだ保存されています",
  "keys.isStoredAgain": "再び保存しました",
  "keys.couldNotBeStored": "再び保存できませんでした ({value}): このメッセージを控えてください",
  "keys.theNewKeyCould": "新しいキーを保存できませんでした ({value})",
  "keys.theNewKeyDid": "新しいキーが {value} 秒以内に使えるようになりませんでした ({value2})",
  "plan.warning": "awsmfa: {w}",
  "allow.region": "、region {region}",
  "allow.profileMissing": "awsmfa: 警告: プロファイル {profile} は {configFile} にも {credentialsFile} にもありません。存在するプロファイル: {shown}",
  "allow.profileMissingNone": "awsmfa: 警告: プロファイル {profile} は {configFile} にも {credentialsFile} にもありません。まだプロファイルがありません",
  "allow.more": "、… (ほか {n} 個)",
  "fs.EACCES": "アクセスが拒否されました",
  "fs.EPERM": "操作は許可されていません",
  "fs.EISDIR": "ファイルではなくフォルダーです",
  "fs.ELOOP": "シンボリックリンクの階層が深すぎます (リンクのループ?)",
  "fs.EROFS": "読み取り専用のファイルシステムです",
  "fs.ENOTDIR": "パスの途中がフォルダーではありません",
  "fs.ENOSPC": "デバイスの空き容量がありません",
  "fs.EDQUOT": "ディスククォータを超えました",
  "fs.ENAMETOOLONG": "名前が長すぎます",
  "fs.ENXIO": "通常のファイルではありません",
  "keys.newKeyDeletedAgain": "新しいキー {accessKeyId} は削除しました",
  "keys.newKeyNotDeleted": "新しいキー {accessKeyId} を削除できませんでした: 'aws iam delete-access-key --access-key-id {accessKeyId}' で削除してください",
  "doctor.pCredentialProcessIs": "{p}: credential_process を使っています ({credentials} の [{p}] に静的キーはありません)",
  "doctor.pPInCredentials": "{p}: {credentials} の [{p}] に長期キーがあります。AWS CLI と SDK はそれを使い、credential_process を実行しません",
  "doctor.noProfileInScope": "対象のプロファイルに credential_process を使うものはありません",
  "doctor.theSessionForOurs": "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN にある {ours} のセッションは {value} に期限切れになりました: AWS の呼び出しは ExpiredToken で失敗します",
  "doctor.awsAccessKeyId": "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN に awsmfa の {ours} のセッションがあります: これは AWS_PROFILE や --profile より優先されます",
  "doctor.awsProfilePBut": "AWS_PROFILE={p} ですが AWS_DEFAULT_PROFILE={d} です: AWS CLI と boto3 は {d} を、JS SDK は {p} を使います",
  "doctor.exportAwsDefaultProfile": "export AWS_DEFAULT_PROFILE={p}   (または unset AWS_DEFAULT_PROFILE)",
  "doctor.awsDefaultProfileD": "AWS_PROFILE なしで AWS_DEFAULT_PROFILE={d} があります: JS SDK はこれを無視して default を使います",
  "doctor.exportAwsProfileD": "export AWS_PROFILE={d}",
  "doctor.profileFlagNamesA": "--profile {flag} は、どちらの AWS ファイルにもないプロファイルです",
  "doctor.addFlagToConfig": "{config} に {flag} を追加するか、'awsmfa setup --profile {flag2}' を実行してください",
  "doctor.nameVNamesA": "{name}={v} は、どちらの AWS ファイルにもないプロファイルです",
  "doctor.addVToConfig": "{config} に {v} を追加するか、既存のプロファイルを {name} に export してください",
  "doctor.modeBitsMeanNothing": "Windows ではモードビットに意味がないため、チェックしません",
  "doctor.rolePathDoesNot": "{role} {path}: (まだ) 存在しません",
  "doctor.rolePathDoesNot2": "{role} {path}: 存在しません",
  "doctor.rolePathModeMode": "{role} {path}: モード {mode}、ほかのユーザーが書き込めます",
  "doctor.chmodWantPath": "chmod {want} {path}",
  "doctor.rolePathModeMode2": "{role} {path}: モード {mode}、ほかのユーザーが読めます",
  "doctor.rolePathOwnedBy": "{role} {path}: 所有者が uid {uid} で、HOME の所有者 (uid {homeUid}) ではありません。awsmfa は更新できません",
  "doctor.sudoChownRHomeuid": "sudo chown -R {homeUid} {path}",
  "doctor.chmodPath": "chmod 600 {path}",
  "doctor.rolePathModeMode4": "{role} {path}: モード {mode}、グループが読めます",
  "doctor.rolePathModeMode5": "{role} {path}: モード {mode}",
  "doctor.accountLongTermKey": "{account}: 長期キーは {credentialsFile} の [{account2}] にあります",
  "doctor.accountMessage": "{account}: {message}",
  "doctor.accountAwsmfaSourceSrc": "{account}: awsmfa_source '{src}' は credentials、keyring または file のいずれかです",
  "doctor.fixAwsmfaSourceUnder": "{account} の awsmfa_source を修正してください",
  "doctor.accountKeyInThe": "{account}: {src} ストアのキーはチェックしていません (開くとパスワードを求められることがあります)",
  "doctor.awsmfaDoctorCheckKeys": "awsmfa doctor --check-keys",
  "doctor.accountCannotOpenThe": "{account}: {src} ストアを開けません: {error}",
  "doctor.accountNoLongTerm": "{account}: {where} に長期キーがありません",
  "doctor.awsmfaKeysAddProfile": "awsmfa keys add --profile {account} --to {src}",
  "doctor.accountLongTermKey2": "{account}: 長期キーは {where} にあります",
  "doctor.noMfaProfileIn": "対象の MFA プロファイルはありません",
  "doctor.nameNoSessionIn": "{name}: [{name}] にセッションがありません。AWS CLI はこのプロファイルの認証情報を持っていません",
  "doctor.nameNoCachedSession": "{name}: キャッシュ済みのセッションはまだありません。最初の AWS の呼び出しで取得します",
  "doctor.nameTheSessionIn": "{name}: [{name}] のセッションは {value} 前に期限切れになりました: AWS の呼び出しは ExpiredToken で失敗します",
  "doctor.nameTheCachedSession": "{name}: キャッシュ済みのセッションは期限切れです。次の AWS の呼び出しで MFA コードを尋ねます",
  "doctor.nameTheSessionExpires": "{name}: セッションはあと {value} で期限切れになります",
  "doctor.nameSessionValidFor": "{name}: セッションはあと {value} 有効です",
  "doctor.notMeasuredOffline": "測定していません (--offline)",
  "doctor.couldNotReadThe": "{endpoint} から時刻を読めませんでした: {error}",
  "doctor.checkTheNetworkOr": "ネットワークまたは AWS_ENDPOINT_URL_STS を確認してください。--offline でこのチェックを省略できます",
  "doctor.thisClockIsSkewms": "このマシンの時計は {endpoint} より {skewMs}: AWS は 5 分を超えてずれた署名のリクエストを拒否します",
  "doctor.thisClockIsSkewms2": "このマシンの時計は {endpoint} より {skewMs}: このマシンの mfa_process のコードが拒否されることがあります",
  "doctor.withinValueSOf": "{endpoint} との差は {value} 秒以内です",
  "doctor.theAwsmfaHookIs": "この {shell} シェルで awsmfa のフックが有効です",
  "doctor.theHookIsIn": "フックは {files} にありますが、この {shell} シェルでは有効ではありません",
  "doctor.openANewShell": "新しいシェルを開いてください (または起動ファイルを source してください)",
  "doctor.theAwsmfaHookIs2": "awsmfa のフックがインストールされていません: .awsmfa ファイルでプロファイルが切り替わりません",
  "doctor.nodeVersionAwsmfaNeeds": "Node {version}: awsmfa には Node {MIN_NODE_MAJOR} 以降が必要です",
  "doctor.installNodeMinNode": "Node {MIN_NODE_MAJOR}+ をインストールしてください",
  "doctor.nodeValue": "Node {value}",
  "doctor.noAwsOnPath": "PATH に 'aws' がありません",
  "doctor.installAwsCliV": "AWS CLI v2 をインストールしてください: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
  "doctor.awsVersionFailedError": "'aws --version' が失敗しました: {error}",
  "doctor.runAwsVersionTo": "エラー全体を見るには 'aws --version' を実行してください",
  "doctor.cannotReadTheVersion": "'aws --version' からバージョンを読めません: {value}",
  "doctor.reinstallAwsCliV": "AWS CLI v2 を再インストールしてください",
  "doctor.awsCliShown": "AWS CLI {shown}",
  "doctor.awsCliShownValue": "AWS CLI {shown} {value}",
  "doctor.pPInCredentialsStatic": "{p}: {credentials} の [{p}] に静的キーがあります。AWS CLI と SDK はそれを使い、credential_process を実行しません",
  "doctor.envKeysSetMany": "環境に {vars} が設定されています: AWS CLI と SDK はプロファイル {profile} ではなく、これらを使います",
  "doctor.envKeysSetOne": "環境に {vars} が設定されています: AWS CLI と SDK はプロファイル {profile} ではなく、これを使います",
  "doctor.theHookIsInAny": "フックは {files} にありますが、このシェルでは有効ではありません",
  "doctor.exitExec": "プロファイルを使うには 'awsmfa exec' のシェルを終了してください",
  "doctor.exitExecAgain": "この 'awsmfa exec' のシェルを終了して、もう一度起動してください",
  "doctor.sessionExpiresRenewed": "{name}: セッションはあと {value} で期限切れになります。次の AWS の呼び出しで更新されます",
  "doctor.fix": "修正: {fix}",
  "doctor.summary": "失敗 {fail}、警告 {warn}、成功 {pass}",
  "doctor.summarySkipped": "失敗 {fail}、警告 {warn}、成功 {pass}、スキップ {skip}",
  "doctor.title": "awsmfa doctor — 有効なプロファイル: {active}",
  "doctor.minutes": "{n} 分",
  "doctor.seconds": "{n} 秒",
  "doctor.ahead": "{amount} 進んでいます",
  "doctor.behind": "{amount} 遅れています",
  "doctor.fixSetupMoves": "awsmfa setup --profile {p}   (キーを [{section}] に移します)",
  "doctor.fixLogout": "awsmfa logout --profile {p}   ([{p}] の古いセッションを削除します)",
  "doctor.tokenAlone": "AWS_SESSION_TOKEN だけが設定されています: キーがないため無視されます",
  "doctor.noEnvKeys": "環境に AWS のキーはありません",
  "doctor.profileVarsAgree": "AWS_PROFILE={p} と AWS_DEFAULT_PROFILE が一致しています",
  "doctor.noProfileVar": "プロファイルの変数が設定されていません: ツールは default を使います",
  "doctor.fixSetupCreates": "awsmfa setup   (プロファイルを作成します)",
  "doctor.fixConfigureSetup": "aws configure の後に awsmfa setup   (キーを保存してから保護します)",
  "doctor.fixTimeSync": "時刻同期を有効にしてください (例: 'sudo timedatectl set-ntp true')",
  "doctor.fixCliV2": "PATH の先頭に AWS CLI v2 をインストールしてください",
  "doctor.fixCliUpgrade": "AWS CLI を 2.13 以降に更新するか、--endpoint-url を指定してください",
  "doctor.fixRegularFile": "読み込める通常のファイルにしてください",
  "doctor.seeHookHelp": "'awsmfa hook --help' を参照してください",
  "doctor.cliIgnoresEndpoints": "{vars} を無視します (AWS を直接呼び出します)",
  "doctor.cliV1Region": "AWS_DEFAULT_REGION だけを読み、AWS_REGION は読みません",
  "doctor.cliIgnoresEndpoints2": "{vars} と {other} を無視します (AWS を直接呼び出します)",
  "demo.enterNextStep": "  (Enter: 次の手順へ) ",
  "demo.awsmfaDemoASandbox": "awsmfa demo: サンドボックスの AWS ({url} のローカル STS/IAM)、使い捨てのファイルは {dir}\n",
  "demo.iamUserUserarnIts": "IAM ユーザー {userArn}。長期キーはサンドボックスの credentials ファイルの [demo-long-term] にあります",
  "demo.stepRegisterAnMfa": "手順 1/4: MFA デバイスを登録します",
  "demo.theQrCodeDevice": "device add が書き出した QR コード (サンドボックスの認証アプリがスキャンします):",
  "demo.theAuthenticatorShowsC": "認証アプリに {c1}、次に {c2} が表示されます (連続する 2 つのコードでデバイスを有効化します)",
  "demo.stepLogIn": "手順 2/4: ログインします",
  "demo.stepPerDirectoryProfiles": "手順 3/4: 実際の bash でフォルダーごとのプロファイル",
  "demo.noBashOnPath": "PATH に bash がないため、フックはここでは表示しません (ほかのシェルには 'awsmfa hook zsh|fish' を使います)",
  "demo.stepProcessMode": "手順 4/4: プロセスモード",
  "demo.noAwsCliAws": "PATH に AWS CLI ('aws') がないため、この手順はここで終わります。AWS CLI と SDK はこれで awsmfa に認証情報を求めます",
  "demo.awsStsGetCaller": "$ aws sts get-caller-identity --profile demo      (認証情報は awsmfa credential-process から)",
  "demo.doneADeviceA": "\n完了: デバイス、セッション、フォルダーごとのプロファイル、プロセスモード。サンドボックスは削除します。\n",
  "demo.loginCmd": "awsmfa login --profile demo --code {code}    (認証アプリの現在のコード)",
  "keyring.noDbus": "D-Bus のセッションバスがありません (ヘッドレスのセッション、デスクトップなしの SSH、または WSL)",
  "keyring.noSessionBus": "セッションバスがありません: {detail}",
  "keyring.noSecretService": "Secret Service が動いていません (gnome-keyring か KeePassXC の Secret Service をインストールして起動してください)",
  "keyring.locked": "キーリングがロックされていて、ここではロックを解除できませんでした",
  "keyring.noAccess": "キーリングにアクセスできません ({detail})",
  "keyring.failed": "OS のキーリングが失敗しました: {detail}",
  "sts.skewAhead": "AWS より {min} 分進んでいます",
  "sts.skewBehind": "AWS より {min} 分遅れています",
  "wait.renewing": "awsmfa: 別の awsmfa が {profile} のセッションを更新中です (MFA コードを待っている可能性があります)。待機しています…",
  "setup.keyBelongsTo": "setup: {shownAt} のキー {key} は {arn} のものです",
  "setup.enabled": "setup: {serial} を有効化しました。最初のログインには、まだ入力していないコードを待ってください",
  "setup.keyLivesIn": "setup: 長期キーは {where} にのみ保存されています",
  "setup.keyLivesInSection": "setup: 長期キーは [{ltSection}] にのみ保存されています",
  "setup.hasSerial": "setup: {section} に mfa_serial = {serial} を設定しました",
  "setup.usesProcessMode": "setup: {section} はプロセスモードです: credential_process = {line}",
  "keys.belongsTo": "keys: {key} は {arn} のものです",
};

const PROFILE = "プロファイル (既定: $AWS_PROFILE、$AWS_DEFAULT_PROFILE、次に \"default\")";
const NO_PROMPT = "コードを尋ねません。新しいセッションが必要なときはログインを促して失敗します (direnv やスクリプト向け)";

export const jaHelp: Readonly<Record<string, string>> = {
  "login.summary": "プロファイルの MFA セッションを取得します",
  "login.description": `~/.aws/config の [profile P] から mfa_serial、duration_seconds、region を、~/.aws/credentials の
[P-long-term] から長期キーを読み、sts:GetSessionToken を呼び出して、セッションを ~/.aws/credentials の
[P] に書き込みます (プロファイルが credential_process を使う場合は awsmfa のキャッシュにのみ保存します)。
残りが 15 分を超えるセッション (有効期間が 1 時間未満のものは期間の 4 分の 1) は、コードを尋ねずに
再利用します。有効期限はローカルでしか分かりません: AWS が早期に終了したセッション (取り消し、または
キーの削除) も期限までは有効に見えます。--verify を指定すると先に AWS に確認します。

ロールプロファイル (role_arn + source_profile = S) では S にログインします: セッションは [S] (または S の
キャッシュ) に保存され、AWS CLI はそこからロールを自分で引き受けます。1 時間以内のロールはすぐに
引き受けるので、'awsmfa exec/env/credential-process --profile ROLE' はすぐに使えます。それより長い
ロールには専用の MFA コードが必要で、最初に使うときに引き受けます。`,
  "login.flag.profile": PROFILE,
  "login.flag.code": "6 桁の MFA コード (既定: mfa_process、なければ端末で尋ね、それもなければ stdin から 1 行読みます)",
  "login.flag.duration": "セッションの長さ: 900、15m、12h、36h (900..129600 秒。既定は duration_seconds または 12h)",
  "login.flag.force": "現在のセッションが有効でも新しいセッションを取得します",
  "login.flag.verify": "現在のセッションがまだ使えるかを AWS (sts:GetCallerIdentity) に確認します。AWS が拒否した場合 (ExpiredToken、InvalidClientTokenId) は破棄して新しくログインします",
  "status.summary": "MFA プロファイルとそのセッションを表示します",
  "status.description": `mfa_serial を持つ各プロファイルと、source_profile がそれを持つ各ロールプロファイル (または P のみ) に
ついて、MFA シリアル、長期キーの保存先、ファイルモードかプロセスモードか、セッションの状態 (X まで
有効で残り N、期限間近 (次回使用時に更新)、期限切れ、なし) を表示します。
ローカルのファイルだけを読みます: ネットワーク、プロンプト、キーストアは使いません。

ロールプロファイル (role_arn + source_profile) には、そのロールとソースプロファイルの MFA セッションを
表示します: コードが必要なのはそのセッションで、ロールセッションはそこから確認なしで更新されます。`,
  "status.flag.profile": "このプロファイルのみ",
  "status.flag.json": "stdout に JSON 配列を出力します (フィールド: profile、mfaSerial、mode、keySource、keySection、keyPresent (credentials ソースのみ)、session {state, expiration, remainingSeconds}、sessionFile、ロールの場合は role {roleArn, sourceProfile, session, sessionFile})",
  "status.exit.3": "AWS のファイルの形式が不正、または mfa_serial を持つプロファイルがない",
  "logout.summary": "プロファイルのセッションを削除します (長期キーは削除しません)",
  "logout.description": `~/.aws/credentials の [P] と awsmfa のキャッシュからセッションキーを削除します。長期キー
([P-long-term] またはほかのキーソース) には触れません。[P] にある長期キー (AKIA…) もそのままです。
P と同じ MFA デバイスを使うプロファイルはセッションを共有するため、それらもログアウトされます。
source_profile が P のロールプロファイルのキャッシュ済みセッションも削除します。

ロールプロファイル (role_arn + source_profile) では、キャッシュ済みのロールセッションだけを削除します。
ソースプロファイルの MFA セッションは残り、'awsmfa logout --profile SOURCE' で削除できます。`,
  "logout.flag.profile": PROFILE,
  "logout.example.1": "ロール: そのロールセッションのみ",
  "credential-process.summary": "AWS の credential_process 用にセッションの認証情報を出力します",
  "credential-process.description": `AWS の credential_process の JSON ({"Version":1,"AccessKeyId",…,"Expiration"}) を出力します。残りが
15 分以上のキャッシュ済みセッション (有効期間が 1 時間未満のものは期間の 4 分の 1) はすぐに出力し、
ネットワークにもキーストアにもアクセスしません。それ以外の場合は、全プロセスに代わって一度だけ
セッションを更新し (ほかのプロセスは待ちます)、コードはプロファイルの mfa_process、なければ端末
(/dev/tty) で尋ねます。端末がなければ 1 秒以内に 'awsmfa login' の実行を促して失敗します。
期限切れの認証情報は出力しません。

~/.aws/config には 'awsmfa configure --profile P --mode process' で設定するか、手で書きます:
  [profile work]
  mfa_serial = arn:aws:iam::123456789012:mfa/alice
  credential_process = awsmfa credential-process --profile work

ロールプロファイル (role_arn + source_profile) ではロールの認証情報を出力します: ロールはソース
プロファイルのキャッシュ済み MFA セッションで引き受けるので、2 回目の入力はありません。AWS はこの
ようなロールセッションを 1 時間に制限します。ロールの duration_seconds が 3600 を超える場合、awsmfa は
長期キーと新しい MFA コードで AssumeRole を呼び出します。(AWS CLI は role_arn を持つプロファイルの
credential_process を無視し、ソースプロファイルから自分でロールを引き受けます。)`,
  "credential-process.flag.profile": PROFILE,
  "credential-process.flag.no-prompt": "尋ねません。新しいセッションが必要なときはログインを促して失敗します",
  "credential-process.example.1": "credential_process を設定した場合",
  "exec.summary": "セッションの認証情報を環境に入れてコマンドを実行します",
  "exec.description": `子プロセスには AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN、
AWS_CREDENTIAL_EXPIRATION、AWS_REGION と AWS_DEFAULT_REGION (分かる場合)、AWSMFA_PROFILE を渡します。
認証情報のソースを 1 つにするため、AWS_PROFILE と AWS_DEFAULT_PROFILE は削除します。
シグナルは転送し、awsmfa は子プロセスのステータスで終了します (env や sudo と同様に、CMD が
見つからなければ 127、実行できなければ 126)。コマンドを指定しない場合は $SHELL を起動します。
exec の中での exec は拒否します (内側が外側のキーを隠してしまうため)。
ロールプロファイル (role_arn + source_profile) では、ソースプロファイルの MFA セッションで引き受けた
ロールの認証情報を渡します (2 回目の入力はありません)。`,
  "exec.flag.profile": PROFILE,
  "exec.flag.no-prompt": NO_PROMPT,
  "exec.exit.0": "子プロセス自身の終了ステータス (シグナル N で終了した場合は 128 + N)",
  "exec.exit.2": "使い方の誤り: 不正なフラグ、'--' の後にないコマンド、exec の中の exec",
  "exec.example.2": "セッション付きのサブシェル",
  "env.summary": "セッションの認証情報を sh/fish/pwsh/dotenv/json 形式で出力します",
  "env.description": `共有のセッションキャッシュから AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN、
AWS_CREDENTIAL_EXPIRATION、AWS_REGION/AWS_DEFAULT_REGION (プロファイルに region がある場合)、
AWSMFA_PROFILE を出力します (credential-process と同様にセッションを更新します)。sh/fish/pwsh では、
キーと競合する AWS_PROFILE と AWS_DEFAULT_PROFILE も解除します。ロールプロファイルでは、ソース
プロファイルの MFA セッションで引き受けたロールのキーを出力します。`,
  "env.flag.profile": PROFILE,
  "env.flag.format": "sh (既定)、fish、pwsh、dotenv または json",
  "env.flag.no-prompt": NO_PROMPT,
  "configure.summary": "プロファイルをファイルモードとプロセスモードで切り替えます",
  "configure.description": `process  ~/.aws/config の [profile P] に credential_process を書き込みます。AWS CLI と SDK は必要な
         ときに awsmfa にセッションを求めます (必要に応じて更新されます)。credential_process は ~ も
         変数も展開しないため、この行には絶対パスを書きます。credentials ファイルの [P] にある静的
         キーは credential_process より優先されるため、awsmfa がそこに書いたセッションは削除し、
         長期キーがある場合は拒否します。
file     その credential_process の行を削除します。'awsmfa login' が再び [P] にセッションを書きます。

ロールプロファイル (role_arn + source_profile = S) では S を切り替えます: AWS CLI と SDK は S から自分で
ロールを引き受け、role_arn を持つプロファイルの credential_process は無視します。そのため
'--profile ROLE --mode process' は [profile S] に credential_process を書き込み、ロールは S の MFA
セッションを通じて必要に応じて更新されます。`,
  "configure.flag.profile": PROFILE,
  "configure.flag.mode": "process または file",
  "configure.flag.command": "書き込む awsmfa コマンド (既定: PATH 上の awsmfa がこれ自身ならその絶対パス、そうでなければこの node とこの awsmfa のスクリプト)",
  "hook.summary": "bash、zsh、fish 用のシェルフックを出力します",
  "hook.description": `シェルの起動ファイルに 1 行追加します:
  bash  (~/.bashrc)                    eval "$(awsmfa hook bash)"
  zsh   (~/.zshrc)                     eval "$(awsmfa hook zsh)"
  fish  (~/.config/fish/config.fish)   awsmfa hook fish | source

信頼済みの .awsmfa があるフォルダー (またはその下) では、フックが AWS_PROFILE、AWS_DEFAULT_PROFILE、
AWSMFA_PROFILE と、ファイルに region があれば AWS_REGION と AWS_DEFAULT_REGION を設定します。
フォルダーを出ると元の値に戻します。新しいファイルや編集したファイルは 'awsmfa allow' の後に
適用されます。有効なプロファイルのセッションが 10 分以内に期限切れになるとき、または期限切れの
ときは、一度だけ知らせます。

プロンプトの待機中、フックはシェルの組み込みコマンドだけを実行します。awsmfa 自体を実行するのは、
最も近い .awsmfa、その信頼、セッションファイル、または有効期限の時刻が変わったときだけです。`,
  "hook.flag.eval": "このフォルダーでの変数の変更を出力します",
  "hook.flag.pid": "シェルのプロセス ID",
  "hook.flag.applied": "フックが最後に適用したもの",
  "hook.flag.seen-file": "最後に見た .awsmfa",
  "hook.flag.seen-exp": "最後に出した有効期限の通知",
  "hook.flag.outer-profile": "フックが適用する前の AWS_PROFILE",
  "allow.summary": ".awsmfa ファイルを信頼します",
  "allow.description": `最も近い .awsmfa (このフォルダーか、最も近い上位のフォルダーのもの)、または FILE (フォルダーの場合は
その .awsmfa) を信頼します。信頼の対象は、このパスにあるこの内容そのものです: ファイルを編集または
移動すると信頼は取り消され、再び許可するまでシェルフックはそのファイルを適用しません。許可すると、
そのパスに対する以前の 'awsmfa deny' も解除されます。解析できないファイルは拒否します。`,
  "deny.summary": ".awsmfa ファイルをブロックします",
  "deny.description": `最も近い .awsmfa (または FILE。フォルダーの場合はその .awsmfa) を、現在や今後の内容にかかわらず
パスでブロックし、以前の 'allow' を取り消します。シェルフックはそのファイルを黙って無視し、以前の
AWS の変数に戻します。deny は allow より優先されます。元に戻すには 'awsmfa allow' を実行します。
ファイルは存在しなくてもかまいません: チェックアウトで作成される前のパスもブロックできます。`,
  "edit.summary": "最も近い .awsmfa ファイルを編集し、再び許可します",
  "edit.description": `最も近い .awsmfa (または FILE) を $VISUAL、なければ $EDITOR、なければ vi (Windows では notepad) で
開きます。このフォルダーより上に .awsmfa がなければ、ここに新しく作成します。エディターが正常に
終了するとファイルを検証して許可するので、次のプロンプトからシェルフックが適用します。変更せずに
閉じた新しいファイルは削除します。`,
  "edit.exit.130": "エディターが失敗したか中断された。ファイルは許可していない",
  "direnv.summary": "`use awsmfa` を定義する direnvrc のスニペットを出力します",
  "direnv.description": `一度だけインストールします:
  awsmfa direnv >> ~/.config/direnv/direnvrc

次に、プロジェクトの .envrc に書きます:
  use awsmfa PROFILE                  AWS_PROFILE、AWS_DEFAULT_PROFILE、AWSMFA_PROFILE をエクスポートします
  use awsmfa PROFILE --credentials    代わりにセッションのキーをエクスポートします (~/.aws を読まない
                                      ツール向け。'awsmfa env --no-prompt' を使います)

キーは有効な間だけエクスポートします。セッションの最後の 15 分間もエクスポートし、いつ終わるかを
通知します。有効なセッションがなければ何もエクスポートせず、'awsmfa login' の実行を促す 1 行の通知を
出します。'awsmfa login' (または更新) がセッションを書き換えると direnv は自動で再読み込みしますが、
時刻では再読み込みしません: 以前エクスポートしたキーは AWS_CREDENTIAL_EXPIRATION で切れ、
'awsmfa login' で新しいキーを取得します。プロファイル形式はプロセスモード ('awsmfa configure --mode
process') なら古くなりません: AWS CLI が呼び出しのたびに awsmfa にキーを求めるためです。direnv の
中では何も尋ねません。`,
  "device.summary": "MFA デバイスを追加、有効化、一覧表示、再同期、削除します",
  "device.description": `どのサブコマンドも ~/.aws/credentials の [P-long-term] にある長期キーを使います。IAM ユーザーは
そのキーの所有者です (sts:GetCallerIdentity)。

  add      仮想 MFA デバイスを作成して QR コードを端末に表示し、連続する 2 つのコードを尋ねて
           デバイスを有効化し、~/.aws/config のプロファイルに mfa_serial を書き込みます。
           有効化に失敗した場合は、新しいデバイスを削除します。
  enable   ハードウェア TOTP トークンをシリアル番号で有効化し、mfa_serial を書き込みます。
  resync   コードが受け付けられなくなったデバイスを再同期します (既定: プロファイルの
           mfa_serial)。
  list     ユーザーの MFA デバイスを一覧表示します (* = プロファイルの mfa_serial)。
  remove   デバイスを無効化し、仮想デバイスなら削除します (既定: プロファイルの mfa_serial)。
           端末で確認を求めます。

QR コード: ハーフブロック (▀▄█) で端末の幅に合わせて描きます。日本語・中国語・韓国語のロケール
(LC_ALL、LC_CTYPE、LANG) では端末がこれらを 2 桁幅で描くことがあるため、ペインが十分に広ければ
空白で描き、そうでなければ 1 行のヒントを添えます。AWSMFA_QR=ascii を設定すると常に空白で描きます。
コードが崩れて見える場合は、プロンプトで s を入力してシークレットキーを表示するか、--qr-png FILE を
使ってください。

FIDO セキュリティキーは使えません: AWS は CLI と STS (GetSessionToken) のセッションにこれを
受け付けません。仮想デバイス (認証アプリ) かハードウェア TOTP トークンを使ってください。`,
  "device.flag.profile": PROFILE,
  "device.flag.name": "add で使うデバイス名 (既定: IAM ユーザー名)",
  "device.flag.qr-png": "コードを尋ねる前に QR コードを PNG にも書き出します (シークレットを含むためモード 0600)。端末がない場合に必要です",
  "device.flag.show-secret": "スキャンできないアプリ向けに、シークレットキーを端末にテキストで表示します (stdout や stderr には出力しません。プロンプトで 's' を入力しても同じです)",
  "device.flag.code1": "連続する 2 つのコードの 1 つ目 (既定: 端末で尋ね、なければ stdin から 2 行読みます)",
  "device.flag.code2": "連続する 2 つのコードの 2 つ目",
  "device.flag.type": "virtual (既定) または security-key (拒否されます: 上記を参照)",
  "device.flag.serial": "デバイスのシリアル番号 (ハードウェアトークンのシリアル、または arn:…:mfa/NAME)",
  "device.flag.json": "stdout に JSON 配列で一覧を出力します (フィールド: profile、mfaSerial、userName、enableDate、virtual、current: プロファイルの mfa_serial かどうか)",
  "device.flag.yes": "確認せずに削除します",
  "device.sub.add": "仮想 MFA デバイスを作成して有効化します",
  "device.sub.enable": "ハードウェア TOTP トークンを有効化します",
  "device.sub.resync": "デバイスを再同期します",
  "device.sub.list": "ユーザーの MFA デバイスを一覧表示します",
  "device.sub.remove": "デバイスを無効化 (および削除) します",
  "device.exit.3": "長期キーがない、デバイスが見つからない、競合",
  "device.exit.4": "コードが拒否された",
  "device.exit.7": "端末もコードもない",
  "device.example.1": "次に画像をスキャンします",
  "keys.summary": "長期キーを追加、移動、一覧表示、削除、ローテーションします (キーリング、暗号化ファイル)",
  "keys.description": `各プロファイルの長期アクセスキーの保存先を管理します。

ソース (~/.aws/config の [profile P] にある awsmfa_source):
  credentials  ~/.aws/credentials の [P-long-term]、平文 (既定。aws-mfa の慣習)
  keyring      OS のキーリング: macOS のキーチェーン、Windows の資格情報マネージャー、Linux の Secret Service
               (サービス "awsmfa"、アカウント = プロファイル名)
  file         1 つの暗号化ファイル $XDG_DATA_HOME/awsmfa/keys.enc (scrypt + AES-256-GCM)。パスフレーズは
               端末で尋ねるか、AWSMFA_FILE_PASSPHRASE から読みます
ロールプロファイル (role_arn + source_profile) はソースプロファイルのキーを使います: そのプロファイルを指定してください。

コマンド:
  add     キー ID とシークレットを読み (端末ではシークレットを隠して入力、なければ stdin から 2 行。
          コマンドラインからは受け取りません)、sts:GetCallerIdentity で確認して保存します
  move    キーを新しいソースに書き込んで読み戻し、awsmfa_source を設定してから古いコピーを削除します:
          どの時点で中断しても、少なくとも 1 つは読めるコピーが残ります
  list    各プロファイルのソースとキー ID (シークレットは表示しません)
  remove  保存したキーを削除します (先に確認します。--yes で省略)
  rotate  MFA セッションで新しいアクセスキーを作成し (iam:CreateAccessKey)、同じソースに保存して
          読み戻し、使えることを確認してから (最大 15 秒)、古いキーを削除します`,
  "keys.flag.profile": PROFILE,
  "keys.flag.to": "保存先のソース: keyring、file または credentials (add の既定はプロファイルの awsmfa_source、なければ keyring)",
  "keys.flag.code": "rotate: 新しいセッションが必要な場合の MFA コード (既定: mfa_process、端末、なければ stdin から 1 行)",
  "keys.flag.yes": "remove: 確認しません",
  "keys.flag.json": "list: stdout に JSON 配列を出力します (フィールド: profile、keySource、accessKeyId、location、error)",
  "keys.sub.add": "端末または stdin から読んだキーを保存します",
  "keys.sub.move": "キーを別のソースに移動します",
  "keys.sub.list": "各プロファイルのキーのソースとキー ID",
  "keys.sub.remove": "保存したキーを削除します",
  "keys.sub.rotate": "アクセスキーを新しいものに置き換えます",
  "keys.exit.3": "キーがない、キーが競合、キーストアが使えない (Secret Service がない、パスフレーズの誤り、キーファイルの変更)",
  "keys.exit.4": "MFA コードが拒否された",
  "keys.exit.7": "端末がない (パスフレーズや確認のため)",
  "keys.example.1": "AWSMFA_FILE_PASSPHRASE を設定済み",
  "setup.summary": "平文のキーを保護された MFA プロファイルに変えます",
  "setup.description": `手順 (各手順で何をするかを表示します。確認するか --yes を指定するまで何も変更しません):
  1. 長期キーを探します: ~/.aws/credentials の平文の [P] ('aws configure' が書いたもの)、または既存の
     [P-long-term]。
  2. sts:GetCallerIdentity でキーを確認します。
  3. ユーザーの MFA デバイスを選ぶか (iam:ListMFADevices)、新しい仮想デバイスを登録します。
  4. キーを保存先 (--store) に移します: 書き込んで読み戻してから、[P] の平文のコピーを削除します。
     コメントやほかのセクションはそのままで、各ファイルはアトミックに置き換えます。
  5. ~/.aws/config の [profile P] に mfa_serial (と --duration/--region) を書き込み、プロファイルを
     プロセスモードにします: credential_process = <awsmfa> credential-process --profile P。これで
     AWS CLI と SDK はセッションが切れるたびに awsmfa にセッションを求めます ('awsmfa configure' と同じ)。
  6. 最初の 'awsmfa login' を実行します: セッションは awsmfa のキャッシュ (プロセスモード)、または
     長期キーの代わりに ~/.aws/credentials の [P] (ファイルモード) に保存されます。`,
  "setup.flag.profile": PROFILE,
  "setup.flag.serial": "この MFA デバイスを使います (既定: プロファイルの mfa_serial、なければユーザーの唯一のデバイス。複数あれば端末で尋ねます)",
  "setup.flag.create-device": "既存のデバイスがあっても、新しい仮想 MFA デバイスを登録します ('awsmfa device add' と同じ)",
  "setup.flag.name": "新しいデバイスの名前 (既定: IAM ユーザー名)",
  "setup.flag.qr-png": "新しいデバイスの QR コードを PNG にも書き出します (モード 0600)",
  "setup.flag.show-secret": "スキャンできないアプリ向けに、新しいデバイスのシークレットキーを端末に表示します",
  "setup.flag.code1": "新しいデバイスを有効化する連続した 2 つのコードの 1 つ目",
  "setup.flag.code2": "連続する 2 つのコードの 2 つ目",
  "setup.flag.code": "最初のログインの MFA コード (既定: 端末で尋ね、なければ stdin)",
  "setup.flag.duration": "duration_seconds を書き込みます: 900、15m、12h、36h (900..129600 秒)",
  "setup.flag.region": "プロファイルに region を書き込みます",
  "setup.flag.mode": "process (既定): 必要に応じて更新され、12 時間後の ExpiredToken がありません。file: ~/.aws/credentials の [P] にセッションを書き、'awsmfa login' で更新します",
  "setup.flag.yes": "確認を求めません",
  "setup.flag.store": "長期キーの保存先 (awsmfa_source): keyring (OS のキーリング)、file (暗号化ファイル。パスフレーズを尋ねるか AWSMFA_FILE_PASSPHRASE)、または credentials (平文の [P-long-term])。既定: プロファイルの awsmfa_source、なければ使えるならキーリング、なければ端末で尋ねます。端末がなければ credentials ファイルにし、その旨を通知します",
  "setup.exit.3": "キーがない、キーが競合、デバイスがない",
  "setup.exit.4": "コードが拒否された",
  "setup.exit.7": "端末がない (--yes とコードを指定してください)",
  "setup.example.0": "ウィザード ([default] 用)",
  "setup.example.4": "コード: stdin から 2 行、その後 1 行",
  "doctor.summary": "AWS CLI が期待どおりの認証情報を使わない理由を説明します",
  "doctor.description": `以下のチェックをすべて実行し、それぞれ 1 行 (PASS、WARN、FAIL、SKIP) を表示し、問題ごとに修正方法を
示します。--profile がなければ、すべての MFA プロファイル、すべての credential_process プロファイル、
有効なプロファイル (AWS_PROFILE、なければ AWS_DEFAULT_PROFILE、なければ default) を調べます。
  static-keys   credentials ファイルの [P] にある aws_access_key_id が [profile P] の credential_process より優先される
  env-keys      環境の AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY が AWS_PROFILE より優先される
  profile-vars  AWS_DEFAULT_PROFILE が AWS_PROFILE と異なる (CLI は前者を、JS SDK は後者を読む)
  file-modes    credentials、config、キャッシュ、キーストアがほかのユーザーに開かれていてはならない
  key-source    各 MFA プロファイルの長期キーが awsmfa_source のとおりの場所にある (keyring/file: --check-keys)
  session       期限切れのセッションと、期限間近のセッション
  clock-skew    このマシンの時計と STS エンドポイントの Date ヘッダーの差 (署名なしのリクエスト 1 回、最大 4 秒)
  shell-hook    このシェルで awsmfa のフックが動いているか
  node、aws-cli のバージョン。AWS CLI v1 と古い v2 は一部の変数を無視します
ローカルのファイルを読み、STS に署名なしのリクエストを 1 回送ります。シークレットは表示しません。`,
  "doctor.flag.profile": "このプロファイルだけをチェックします",
  "doctor.flag.json": "stdout に {\"checks\":[{\"id\",\"status\",\"message\",\"fix\"}],\"ok\"} を出力します",
  "doctor.flag.offline": "時計のチェックを省略します (ネットワークを使いません)",
  "doctor.flag.check-keys": "キーリングと暗号化ファイルのキーストアを開きます (ロック解除を求められることがあります)",
  "doctor.exit.0": "すべてのチェックが成功、警告、またはスキップ",
  "doctor.exit.1": "1 つ以上のチェックが失敗",
  "doctor.exit.2": "不正なフラグ",
  "completion.summary": "bash、zsh、fish 用のタブ補完スクリプトを出力します",
  "completion.description": `コマンド、サブコマンド、フラグ、シェル名、固定値は出力したとおりに、プロファイル名は Tab を押した
時点の AWS のファイルの内容から補完します ('awsmfa __complete profiles' を実行します)。
一度だけインストールします:
  bash  (~/.bashrc)                    eval "$(awsmfa completion bash)"
  zsh   (~/.zshrc、compinit の後)      eval "$(awsmfa completion zsh)"
        または $fpath のフォルダーに:  awsmfa completion zsh > "\${fpath[1]}/_awsmfa"
  fish                                 awsmfa completion fish > ~/.config/fish/completions/awsmfa.fish
awsmfa を更新したら、新しいコマンドやフラグも補完されるよう、この行をもう一度実行してください。`,
  "emulator.summary": "ローカルの STS/IAM サンドボックスを 127.0.0.1 で実行します",
  "emulator.description": `STS (GetSessionToken、GetCallerIdentity、AssumeRole) と IAM の MFA デバイス操作を 1 つのポートで提供し、
AWS と同じように SigV4 署名と TOTP コードを検証します。AWS アカウントは不要です。
エンドポイントと固定のデモ ID (アクセスキー、シークレット、MFA シリアル、base32 シード) を表示し、
Ctrl-C (SIGINT) または SIGTERM まで動作します。

テスト用エンドポイント (JSON):
  GET  /__emulator/identity   デモ ID (シードを含む)
  GET  /__emulator/counters   操作ごとの呼び出し回数    POST /__emulator/reset   回数をゼロに戻す
  POST /__emulator/switches   {"throttle":N,"fail500":N,"latencyMs":N,"hang":bool,
                               "dropAnswers":N,"allowCodeReuse":bool,"clockOffsetSeconds":N,"skewSeconds":N,
                               "totpOffsetSeconds":N,"keyActivationSeconds":N}
  POST /__emulator/revoke     {"accessKeyId":"ASIA…","as":"ExpiredToken"}: セッションを 1 つ (accessKeyId が
                               なければすべて) 終了します。以後 AWS は ExpiredToken、または
                               InvalidClientTokenId (既定) を返します
  GET  /__emulator/sessions   発行したセッション (シークレットなし) と MFA の使用の有無
  GET  /__emulator/code       {"code":"123456"}: 未使用のデモコード (ほかは ?serial=ARN)`,
  "emulator.flag.port": "待ち受けるポート (既定 0: 空いているポートを選びます)",
  "emulator.flag.state": "追加のユーザー、アクセスキー、MFA デバイス、ロールを定義する JSON ファイル",
  "emulator.flag.json": "stdout の 1 行目に JSON オブジェクトを 1 つ出力します (スクリプト向け)",
  "emulator.exit.2": "不正なフラグ、使用中のポート、読み込めない --state ファイル",
  "emulator.example.3": "デモデバイスの現在のコード",
  "demo.summary": "AWS アカウントなしで、サンドボックスで awsmfa を順に体験します",
  "demo.description": `ローカルの STS/IAM サンドボックスを起動し、一時フォルダーに使い捨ての AWS ファイルを書き込みます (自分の
~/.aws は読み書きしません)。その後、サンドボックスの「認証アプリ」(サンドボックス自身の TOTP) の
その時点のコードを使って 4 つの手順を進めます:
  1. awsmfa device add: 新しい仮想 MFA デバイスとその QR コード。2 つのコードで有効化します。
  2. awsmfa login: MFA セッション。
  3. フォルダーごとのプロファイル: .awsmfa ファイルを置いて許可した 2 つのフォルダーと、フックを入れた
     実際の bash。フォルダー間を cd すると AWS_PROFILE が変わる様子を示します。
  4. プロセスモード: awsmfa configure --mode process の後、AWS CLI (インストールされていれば) が
     awsmfa から認証情報を取得します。
終了後はすべて削除します。`,
  "demo.flag.no-interactive": "すべての手順を続けて実行します (CI 向け)。指定しない場合、端末で実行していれば手順ごとに Enter を待ちます",
  "demo.exit.1": "手順が失敗した (どれかは出力に表示)",
  "__complete.summary": "補完スクリプト用の値",
  "__complete.description": `'awsmfa completion' が出力するスクリプトが使います: 'profiles' は AWS の config と credentials ファイルの
プロファイル名を 1 行に 1 つ出力します (キーを保持する [P-long-term] セクションは除きます)。`,
};
