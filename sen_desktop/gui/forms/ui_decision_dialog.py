# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'decision_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QGridLayout, QLabel,
    QLineEdit, QPlainTextEdit, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_DecisionDialog(object):
    def setupUi(self, DecisionDialog):
        if not DecisionDialog.objectName():
            DecisionDialog.setObjectName(u"DecisionDialog")
        DecisionDialog.resize(580, 460)
        self.main_layout = QVBoxLayout(DecisionDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.context_label = QLabel(DecisionDialog)
        self.context_label.setObjectName(u"context_label")
        self.context_label.setWordWrap(True)
        self.context_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.context_label)

        self.form_error = QLabel(DecisionDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.transition_label = QLabel(DecisionDialog)
        self.transition_label.setObjectName(u"transition_label")

        self.fields_layout.addWidget(self.transition_label, 0, 0, 1, 1)

        self.transition_combo = QComboBox(DecisionDialog)
        self.transition_combo.setObjectName(u"transition_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.transition_combo.sizePolicy().hasHeightForWidth())
        self.transition_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.transition_combo, 0, 1, 1, 1)

        self.transition_error = QLabel(DecisionDialog)
        self.transition_error.setObjectName(u"transition_error")
        self.transition_error.setProperty(u"role", u"error")
        self.transition_error.setWordWrap(True)

        self.fields_layout.addWidget(self.transition_error, 1, 1, 1, 1)

        self.meeting_label = QLabel(DecisionDialog)
        self.meeting_label.setObjectName(u"meeting_label")

        self.fields_layout.addWidget(self.meeting_label, 2, 0, 1, 1)

        self.meeting_combo = QComboBox(DecisionDialog)
        self.meeting_combo.setObjectName(u"meeting_combo")
        sizePolicy.setHeightForWidth(self.meeting_combo.sizePolicy().hasHeightForWidth())
        self.meeting_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.meeting_combo, 2, 1, 1, 1)

        self.meeting_error = QLabel(DecisionDialog)
        self.meeting_error.setObjectName(u"meeting_error")
        self.meeting_error.setProperty(u"role", u"error")
        self.meeting_error.setWordWrap(True)

        self.fields_layout.addWidget(self.meeting_error, 3, 1, 1, 1)

        self.body_label = QLabel(DecisionDialog)
        self.body_label.setObjectName(u"body_label")

        self.fields_layout.addWidget(self.body_label, 4, 0, 1, 1)

        self.body_combo = QComboBox(DecisionDialog)
        self.body_combo.setObjectName(u"body_combo")
        sizePolicy.setHeightForWidth(self.body_combo.sizePolicy().hasHeightForWidth())
        self.body_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.body_combo, 4, 1, 1, 1)

        self.body_error = QLabel(DecisionDialog)
        self.body_error.setObjectName(u"body_error")
        self.body_error.setProperty(u"role", u"error")
        self.body_error.setWordWrap(True)

        self.fields_layout.addWidget(self.body_error, 5, 1, 1, 1)

        self.minute_label = QLabel(DecisionDialog)
        self.minute_label.setObjectName(u"minute_label")

        self.fields_layout.addWidget(self.minute_label, 6, 0, 1, 1)

        self.minute_edit = QLineEdit(DecisionDialog)
        self.minute_edit.setObjectName(u"minute_edit")

        self.fields_layout.addWidget(self.minute_edit, 6, 1, 1, 1)

        self.minute_error = QLabel(DecisionDialog)
        self.minute_error.setObjectName(u"minute_error")
        self.minute_error.setProperty(u"role", u"error")
        self.minute_error.setWordWrap(True)

        self.fields_layout.addWidget(self.minute_error, 7, 1, 1, 1)

        self.by_label = QLabel(DecisionDialog)
        self.by_label.setObjectName(u"by_label")

        self.fields_layout.addWidget(self.by_label, 8, 0, 1, 1)

        self.by_combo = QComboBox(DecisionDialog)
        self.by_combo.setObjectName(u"by_combo")
        sizePolicy.setHeightForWidth(self.by_combo.sizePolicy().hasHeightForWidth())
        self.by_combo.setSizePolicy(sizePolicy)
        self.by_combo.setEditable(True)
        self.by_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.fields_layout.addWidget(self.by_combo, 8, 1, 1, 1)

        self.by_error = QLabel(DecisionDialog)
        self.by_error.setObjectName(u"by_error")
        self.by_error.setProperty(u"role", u"error")
        self.by_error.setWordWrap(True)

        self.fields_layout.addWidget(self.by_error, 9, 1, 1, 1)

        self.note_label = QLabel(DecisionDialog)
        self.note_label.setObjectName(u"note_label")
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.fields_layout.addWidget(self.note_label, 10, 0, 1, 1)

        self.note_edit = QPlainTextEdit(DecisionDialog)
        self.note_edit.setObjectName(u"note_edit")
        self.note_edit.setMaximumSize(QSize(16777215, 100))
        self.note_edit.setTabChangesFocus(True)

        self.fields_layout.addWidget(self.note_edit, 10, 1, 1, 1)

        self.note_error = QLabel(DecisionDialog)
        self.note_error.setObjectName(u"note_error")
        self.note_error.setProperty(u"role", u"error")
        self.note_error.setWordWrap(True)

        self.fields_layout.addWidget(self.note_error, 11, 1, 1, 1)

        self.sign_check = QCheckBox(DecisionDialog)
        self.sign_check.setObjectName(u"sign_check")

        self.fields_layout.addWidget(self.sign_check, 12, 1, 1, 1)

        self.sign_error = QLabel(DecisionDialog)
        self.sign_error.setObjectName(u"sign_error")
        self.sign_error.setProperty(u"role", u"error")
        self.sign_error.setWordWrap(True)

        self.fields_layout.addWidget(self.sign_error, 13, 1, 1, 1)

        self.sign_hint = QLabel(DecisionDialog)
        self.sign_hint.setObjectName(u"sign_hint")
        self.sign_hint.setProperty(u"role", u"facts")
        self.sign_hint.setWordWrap(True)
        self.sign_hint.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.sign_hint.setTextFormat(Qt.TextFormat.PlainText)

        self.fields_layout.addWidget(self.sign_hint, 14, 1, 1, 1)

        self.fields_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.fields_layout.addItem(self.fields_stretch, 16, 1, 1, 1)

        self.fields_layout.setColumnStretch(1, 1)

        self.main_layout.addLayout(self.fields_layout)

        self.button_box = QDialogButtonBox(DecisionDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.transition_label.setBuddy(self.transition_combo)
        self.meeting_label.setBuddy(self.meeting_combo)
        self.body_label.setBuddy(self.body_combo)
        self.minute_label.setBuddy(self.minute_edit)
        self.by_label.setBuddy(self.by_combo)
        self.note_label.setBuddy(self.note_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(DecisionDialog)

        QMetaObject.connectSlotsByName(DecisionDialog)
    # setupUi

    def retranslateUi(self, DecisionDialog):
        DecisionDialog.setWindowTitle(QCoreApplication.translate("DecisionDialog", u"Record decision", None))
#if QT_CONFIG(accessibility)
        DecisionDialog.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Record a decision on a recommendation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.context_label.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"The recommendation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Problem recording this decision", None))
#endif // QT_CONFIG(accessibility)
        self.transition_label.setText(QCoreApplication.translate("DecisionDialog", u"&Decision:", None))
#if QT_CONFIG(accessibility)
        self.transition_combo.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Decision or step", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.transition_error.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Problem with the decision", None))
#endif // QT_CONFIG(accessibility)
        self.meeting_label.setText(QCoreApplication.translate("DecisionDialog", u"&Meeting:", None))
#if QT_CONFIG(accessibility)
        self.meeting_combo.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Meeting where it was decided", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.meeting_error.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Problem with the meeting", None))
#endif // QT_CONFIG(accessibility)
        self.body_label.setText(QCoreApplication.translate("DecisionDialog", u"&Body:", None))
#if QT_CONFIG(accessibility)
        self.body_combo.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Body that decided", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.body_error.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Problem with the body", None))
#endif // QT_CONFIG(accessibility)
        self.minute_label.setText(QCoreApplication.translate("DecisionDialog", u"Min&ute number:", None))
#if QT_CONFIG(accessibility)
        self.minute_edit.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Minute number", None))
#endif // QT_CONFIG(accessibility)
        self.minute_edit.setPlaceholderText(QCoreApplication.translate("DecisionDialog", u"e.g. 12", None))
#if QT_CONFIG(accessibility)
        self.minute_error.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Problem with the minute number", None))
#endif // QT_CONFIG(accessibility)
        self.by_label.setText(QCoreApplication.translate("DecisionDialog", u"B&y:", None))
#if QT_CONFIG(accessibility)
        self.by_combo.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Who decided", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.by_error.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Problem with who decided", None))
#endif // QT_CONFIG(accessibility)
        self.note_label.setText(QCoreApplication.translate("DecisionDialog", u"&Note:", None))
#if QT_CONFIG(accessibility)
        self.note_edit.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Note", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.note_error.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Problem with the note", None))
#endif // QT_CONFIG(accessibility)
        self.sign_check.setText(QCoreApplication.translate("DecisionDialog", u"&Sign as chair", None))
#if QT_CONFIG(accessibility)
        self.sign_check.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Sign as chair with this person's key on this laptop", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sign_error.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Problem with the signature", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sign_hint.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"About signing", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

